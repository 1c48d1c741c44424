// priors for syn_include_statements.bmodel
mu ~ normal(0, 10);
sigma ~ exponential(1);

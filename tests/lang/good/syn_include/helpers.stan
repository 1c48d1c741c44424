// helper functions for syn_include_functions.bmodel
real shift(real mu, real by) {
  return mu + by;
}

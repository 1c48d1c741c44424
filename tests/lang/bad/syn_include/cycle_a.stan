// part of the include cycle of syn_include_cycle.bmodel
#include "cycle_b.stan"

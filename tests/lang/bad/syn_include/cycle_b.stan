// includes cycle_a.stan back
#include "cycle_a.stan"

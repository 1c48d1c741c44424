// included by syn_include_nested.bmodel; includes inner.stan beside it
#include "inner.stan"
real twice_shift(real x, real by) {
  return 2 * plus_one(x) + by;
}

// included by syn_include_error_inside.bmodel
real f(real x) {
  return x
}

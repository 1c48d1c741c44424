real plus_one(real x) {
  return x + 1;
}

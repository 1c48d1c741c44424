/* runtime/hmc_static.h — one static HMC transition (Stan's base_static_hmc):
 * a fixed integration time, L = max(1, floor(int_time / eps)) leapfrog
 * steps, then a Metropolis accept/reject of the end point.
 *
 * In:  a Hamiltonian system, a scratch point, the chain state, an rng.
 * Out: the next state; info with accept_stat = min(1, exp(H0 - H)),
 * n_leapfrog = L, treedepth 0, divergent when H - H0 > 1000.
 * Never: I/O, allocation.
 */
#ifndef BM_HMC_STATIC_H
#define BM_HMC_STATIC_H
#include "chain.h"
#include "hamiltonian.h"

/* z is scratch (q, p, g of length n); state holds theta, grad, lp. */
void hmc_static_transition(ham_system *h, ham_point *z, double eps, double int_time,
                           bm_rng *rng, double *theta, double *grad, double *lp,
                           bm_nuts_info *info);

#endif

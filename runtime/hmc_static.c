/* runtime/hmc_static.c — static HMC (see hmc_static.h).
 *
 * In:  the state (theta, grad, lp) and a step size.  Out: the state after
 * one Metropolis-corrected trajectory of fixed length.  Never: I/O.
 */
#include "hmc_static.h"
#include <math.h>
#include <string.h>

#define HMC_MAX_DELTA_H 1000.0

void hmc_static_transition(ham_system *h, ham_point *z, double eps, double int_time,
                           bm_rng *rng, double *theta, double *grad, double *lp,
                           bm_nuts_info *info) {
    int n = h->n;
    memcpy(z->q, theta, (size_t)n * sizeof(double));
    memcpy(z->g, grad, (size_t)n * sizeof(double));
    z->V = -*lp;
    ham_sample_momentum(h, rng, z->p);
    double H0 = ham_energy(h, z);
    int steps = int_time / eps < 1 ? 1 : (int)(int_time / eps);
    for (int i = 0; i < steps; i++) ham_leapfrog(h, z, eps);
    double H = ham_energy(h, z);
    double accept = H0 - H > 0 ? 1.0 : exp(H0 - H);
    if (isnan(accept)) accept = 0;
    int take = bm_rng_uniform(rng) < accept;
    if (take) {
        memcpy(theta, z->q, (size_t)n * sizeof(double));
        memcpy(grad, z->g, (size_t)n * sizeof(double));
        *lp = -z->V;
    }
    info->lp = *lp;
    info->accept_stat = accept;
    info->stepsize = eps;
    info->treedepth = 0;
    info->n_leapfrog = steps;
    info->divergent = H - H0 > HMC_MAX_DELTA_H;
    info->energy = take ? H : H0;
    info->rejections = h->rejections;
    info->reject_msg = h->rejections ? h->first_reject : NULL;
}

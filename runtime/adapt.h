/* runtime/adapt.h — Stan's warmup adaptation, as plain state machines.
 *
 * In:  accept statistics and positions of successive warmup iterations.
 * Out: the dual-averaging step size (Nesterov / Hoffman & Gelman), and the
 * windowed, regularised diagonal metric estimate (Welford variance).
 * Never: I/O, global state, calls into the model.
 */
#ifndef BM_ADAPT_H
#define BM_ADAPT_H

#include "model.h"

/* Dual averaging of log(step size). */
typedef struct {
    double mu, delta, gamma, kappa, t0;
    double counter, s_bar, x_bar;
} adapt_stepsize;

/* delta = target accept stat; gamma 0.05, kappa 0.75, t0 10, mu = log(10). */
void adapt_stepsize_init(adapt_stepsize *a, double delta);
void adapt_stepsize_set_mu(adapt_stepsize *a, double mu);
/* Forgets the averaging history (counter, s_bar, x_bar = 0); keeps mu. */
void adapt_stepsize_restart(adapt_stepsize *a);
/* One dual-averaging update with accept_stat (capped at 1); returns the
 * new step size exp(x). */
double adapt_stepsize_learn(adapt_stepsize *a, double accept_stat);
/* The final step size exp(x_bar). */
double adapt_stepsize_final(const adapt_stepsize *a);

/* Stan's windowed schedule (counters as in windowed_adaptation). */
typedef struct {
    int enabled;             /* 0 when num_warmup < 20: no metric adaptation */
    long num_warmup, init_buffer, term_buffer, base_window;
    long counter, next_window, window_size;
} adapt_windows;

/* Sets the schedule.  When init_buffer + base_window + term_buffer exceeds
 * num_warmup, uses 15% / 75% / 10% of num_warmup instead. */
void adapt_windows_init(adapt_windows *w, long num_warmup, long init_buffer,
                        long term_buffer, long base_window);
/* Is the current iteration inside a slow (metric) window? */
int adapt_windows_in_window(const adapt_windows *w);
/* Does the current iteration end a slow window? */
int adapt_windows_at_end(const adapt_windows *w);
/* After a window ends: the next window doubles, and is stretched to the
 * start of the terminal buffer when the one after would not fit. */
void adapt_windows_next(adapt_windows *w);

/* Welford running mean / variance (or covariance, when dense) of vectors. */
typedef struct {
    int n, dense;
    long count;
    double *mean, *m2;   /* m2: n, or n*n row-major when dense */
    double *delta;       /* n scratch */
} adapt_welford;

/* Windowed metric adaptation (diagonal or dense). */
typedef struct {
    adapt_windows windows;
    adapt_welford est;
} adapt_metric;

/* n = dimension.  Non-zero on out of memory. */
int adapt_metric_init(adapt_metric *a, int n, long num_warmup, long init_buffer,
                      long term_buffer, long base_window);
/* The same with dense != 0: a full covariance estimate, inv_metric n*n. */
int adapt_metric_init_dense(adapt_metric *a, int n, int dense, long num_warmup,
                            long init_buffer, long term_buffer, long base_window);
void adapt_metric_free(adapt_metric *a);
/* Feeds the position q of one warmup iteration.  Returns 1 when a window
 * ended and inv_metric (length n) was replaced by
 * (k/(k+5)) var + 1e-3 (5/(k+5)) (k = draws in the window; dense: the
 * covariance matrix, the 1e-3 term on the diagonal only), 0 otherwise,
 * -1 (with err) when the estimate is not finite. */
int adapt_metric_learn(adapt_metric *a, const double *q, double *inv_metric, bm_error *err);

#endif

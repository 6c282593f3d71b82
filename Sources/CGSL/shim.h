// Swift 6 rejects reading mutable C globals such as `gsl_rng_mt19937` (they are
// not concurrency-safe). GSL never writes these after load, so these accessors
// return them by value and Swift sees plain functions instead of shared state.
#ifndef RFTSIM_CGSL_SHIM_H
#define RFTSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>

// MARK: random number generator types

static inline const gsl_rng_type *rftsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *rftsim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *rftsim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

// MARK: ODE stepper types (explicit methods: they need no Jacobian)

static inline const gsl_odeiv2_step_type *rftsim_odeiv2_rk2(void) { return gsl_odeiv2_step_rk2; }
static inline const gsl_odeiv2_step_type *rftsim_odeiv2_rk4(void) { return gsl_odeiv2_step_rk4; }
static inline const gsl_odeiv2_step_type *rftsim_odeiv2_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *rftsim_odeiv2_rkck(void) { return gsl_odeiv2_step_rkck; }
static inline const gsl_odeiv2_step_type *rftsim_odeiv2_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *rftsim_odeiv2_msadams(void) { return gsl_odeiv2_step_msadams; }

// MARK: nonlinear least squares

static inline const gsl_multifit_nlinear_type *rftsim_multifit_nlinear_trust(void) { return gsl_multifit_nlinear_trust; }
static inline const gsl_multifit_nlinear_trs *rftsim_multifit_nlinear_trs_lm(void) { return gsl_multifit_nlinear_trs_lm; }
static inline const gsl_multifit_nlinear_trs *rftsim_multifit_nlinear_trs_lmaccel(void) { return gsl_multifit_nlinear_trs_lmaccel; }
static inline const gsl_multifit_nlinear_trs *rftsim_multifit_nlinear_trs_dogleg(void) { return gsl_multifit_nlinear_trs_dogleg; }

#endif

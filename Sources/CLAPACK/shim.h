// CBLAS and the LAPACK routines the LinearAlgebra layer calls.
//
// Debian bookworm's libopenblas-dev ships cblas.h (openblas-pthread flavour; the include
// path comes from `pkg-config openblas`) and exports the Fortran LAPACK symbols, but
// installs no lapack.h. The LAPACK prototypes are therefore declared here, following the
// Fortran calling convention of gfortran on LP64: every argument by pointer, 32-bit
// INTEGER, and one trailing hidden `size_t` length per CHARACTER argument.
#ifndef CASUALTY_CLAPACK_SHIM_H
#define CASUALTY_CLAPACK_SHIM_H

#include <stddef.h>
#include <cblas.h>  // also declares openblas_set_num_threads / openblas_get_config

typedef int lapack_int;

/// Cholesky factorisation of a symmetric positive-definite matrix.
void dpotrf_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t uplo_len);
/// Solve A X = B with the Cholesky factor from dpotrf.
void dpotrs_(const char *uplo, const lapack_int *n, const lapack_int *nrhs, const double *a,
             const lapack_int *lda, double *b, const lapack_int *ldb, lapack_int *info,
             size_t uplo_len);
/// Inverse of A from its Cholesky factor (one triangle written).
void dpotri_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t uplo_len);
/// Solve A X = B for general square A by LU with partial pivoting.
void dgesv_(const lapack_int *n, const lapack_int *nrhs, double *a, const lapack_int *lda,
            lapack_int *ipiv, double *b, const lapack_int *ldb, lapack_int *info);
/// Eigenvalues (ascending) and optionally eigenvectors of a symmetric matrix, divide and conquer.
void dsyevd_(const char *jobz, const char *uplo, const lapack_int *n, double *a,
             const lapack_int *lda, double *w, double *work, const lapack_int *lwork,
             lapack_int *iwork, const lapack_int *liwork, lapack_int *info,
             size_t jobz_len, size_t uplo_len);
/// Solve a triangular system T X = B or T' X = B with multiple right-hand sides.
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const lapack_int *n,
             const lapack_int *nrhs, const double *a, const lapack_int *lda, double *b,
             const lapack_int *ldb, lapack_int *info,
             size_t uplo_len, size_t trans_len, size_t diag_len);

#endif

// The casualty latent-count model, term for term as in Sources/CasualtyModel/Bayes/
// LatentCountModel.swift; data from `casualty model-data CASE`.
data {
  int<lower=1> C;                       // cells
  int<lower=0> P;                       // bias and origin parameters
  int<lower=1> R;                       // reports
  vector[C + P] prior_mean;
  vector<lower=0>[C + P] prior_sd;
  int<lower=1> max_cells;
  array[R] int<lower=1> n_cells;
  array[R, max_cells] int<lower=1> cell_idx;
  array[R] int<lower=0> bias_idx;       // 0 = none
  array[R] int<lower=0> origin_idx;     // 0 = none
  array[R] int<lower=1, upper=5> kind;  // 1 exact, 2 at least, 3 at most, 4 between, 5 named floor
  vector[R] a;
  vector[R] b;
  vector<lower=0>[R] sigma;
}
parameters {
  vector[C + P] theta;
}
model {
  theta ~ normal(prior_mean, prior_sd);
  for (r in 1:R) {
    real q = 0;
    for (k in 1:n_cells[r]) q += exp(theta[cell_idx[r, k]]);
    real mu = log1p(q);
    if (bias_idx[r] > 0) mu += theta[bias_idx[r]];
    if (origin_idx[r] > 0) mu += theta[origin_idx[r]];
    if (kind[r] == 1) target += normal_lpdf(a[r] | mu, sigma[r]);
    else if (kind[r] == 2) target += normal_lccdf(a[r] | mu, sigma[r]);
    else if (kind[r] == 3) target += normal_lcdf(b[r] | mu, sigma[r]);
    // A named floor: the same smooth wall below it as casualty's (draws below are dropped).
    else if (kind[r] == 5) { if (mu < a[r]) target += -0.5 * square((a[r] - mu) / sigma[r]); }
    else target += log_diff_exp(normal_lcdf(b[r] | mu, sigma[r]), normal_lcdf(a[r] | mu, sigma[r]));
  }
}

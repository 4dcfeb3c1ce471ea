# Reference values for MetaAnalysisTests from R's metafor.
# Regenerate:  Rscript Tests/CasualtyModelTests/Fixtures/make_metafor_fixture.R
# Every value is from rma.uni(yi, vi, method = M, test = T, control = CTRL) with
# CTRL = list(threshold = 1e-12, maxiter = 1000, tol = 1e-12), i.e. iterations run to
# convergence (metafor's defaults stop at threshold 1e-5 and uniroot tol 1.2e-4, which
# would make the reference itself inexact at the 1e-6 level); predict() for the prediction
# interval; leave1out() and influence() for the REML/z fit of each data set.
library(metafor)
CTRL <- list(threshold = 1e-12, maxiter = 1000, tol = 1e-12)
num <- function(x) if (is.null(x) || length(x) == 0 || is.na(x[1])) "null" else sprintf("%.17g", x[1])
vec <- function(x) paste0("[", paste(sapply(x, num), collapse = ", "), "]")

sets <- list()
bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
sets[["bcg"]] <- list(yi = bcg$yi, vi = bcg$vi, source = "dat.bcg, escalc(measure='RR', ai=tpos, bi=tneg, ci=cpos, di=cneg)")
sets[["raudenbush1985"]] <- list(yi = dat.raudenbush1985$yi, vi = dat.raudenbush1985$vi, source = "dat.raudenbush1985 (yi, vi)")
nm <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = dat.normand1999)
sets[["normand1999"]] <- list(yi = nm$yi, vi = nm$vi, source = "dat.normand1999, escalc(measure='MD')")
sets[["hackshaw1998"]] <- list(yi = dat.hackshaw1998$yi, vi = dat.hackshaw1998$vi, source = "dat.hackshaw1998 (yi, vi: log odds ratios)")
sets[["bcg_k2"]] <- list(yi = bcg$yi[1:2], vi = bcg$vi[1:2], source = "first two rows of dat.bcg (k = 2)")

methods <- c("EE", "DL", "HE", "HS", "SJ", "ML", "REML", "EB", "PM")
out <- c()
for (name in names(sets)) {
  s <- sets[[name]]
  fits <- c()
  for (m in methods) for (t in c("z", "knha")) {
    r <- rma.uni(s$yi, s$vi, method = m, test = t, control = CTRL)
    p <- predict(r)
    fits <- c(fits, sprintf('{"method": "%s", "test": "%s", "tau2": %s, "estimate": %s, "se": %s, "ci_lb": %s, "ci_ub": %s, "pi_lb": %s, "pi_ub": %s, "i2": %s, "h2": %s, "q": %s, "q_pval": %s}',
      tolower(m), t, num(r$tau2), num(r$b[1]), num(r$se), num(r$ci.lb), num(r$ci.ub),
      num(p$pi.lb), num(p$pi.ub), num(r$I2), num(r$H2), num(r$QE), num(r$QEp)))
  }
  r <- rma.uni(s$yi, s$vi, method = "REML", control = CTRL)
  l1 <- leave1out(r)
  inf <- influence(r)$inf
  out <- c(out, sprintf('"%s": {"source": "%s", "yi": %s, "vi": %s, "fits": [%s], "reml_leave1out": {"estimate": %s, "tau2": %s, "se": %s}, "reml_influence": {"rstudent": %s, "cook_d": %s, "hat": %s, "weight": %s}}',
    name, s$source, vec(s$yi), vec(s$vi), paste(fits, collapse = ",\n  "),
    vec(l1$estimate), vec(l1$tau2), vec(l1$se), vec(inf$rstudent), vec(inf$cook.d), vec(inf$hat), vec(inf$weight)))
}
cat(sprintf('{"metafor_version": "%s", "R_version": "%s", "control": "list(threshold = 1e-12, maxiter = 1000, tol = 1e-12)",\n"sets": {\n%s\n}}\n',
    as.character(packageVersion("metafor")), R.version.string, paste(out, collapse = ",\n")),
    file = "Tests/CasualtyModelTests/Fixtures/metafor.json")

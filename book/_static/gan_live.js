/* gan_live.js: a GAN that trains in the reader's browser (chapters 1, 8 and 9 of the book).

No dependencies and nothing fetched: two small multilayer perceptrons with Adam, written for
this page. The formulas are the package's (gan_tutorial), which the widget's "What is what"
panel names:

  data        data.ring(), data.grid(), data.gaussian_1d(4, 1.25)  (fresh samples every batch)
  networks    models.mlp_generator (ReLU, linear output), models.mlp_discriminator (leaky ReLU,
              slope 0.2, one logit), Glorot-uniform kernels and zero biases as Keras
  losses      losses.Minimax, losses.NonSaturating, losses.Hinge, on logits
  R1          GAN.compile(r1_weight=gamma): gamma / 2 * mean over real samples of
              ||grad_x logit||^2 (fixes.r1_penalty), added to D's loss
  packing     mlp_discriminator(pack=m): m consecutive samples concatenated into one input
  optimizer   keras.optimizers.Adam (beta_1, beta_2, epsilon 1e-7)
  metrics     metrics.mode_report: nearest mode within 3 stds, modes with >= 1 sample,
              high-quality share, reverse KL of the mode histogram to uniform

The engine (everything above `mount`) also runs under Node.js: `require("./gan_live.js")`.
*/
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- seeded random numbers
  /** A generator of uniform numbers in [0, 1) from a 32-bit seed (SplitMix32 seeding an
   * sfc32 state), the same sequence in every browser. */
  function uniformStream(seed) {
    let s = seed >>> 0;
    function splitmix() {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    }
    let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
    return function () {
      const t = (((a + b) >>> 0) + d) >>> 0;
      d = (d + 1) >>> 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) >>> 0;
      c = ((c << 21) | (c >>> 11)) >>> 0;
      c = (c + t) >>> 0;
      return t / 4294967296;
    };
  }

  /** Standard normal numbers (Box-Muller) from a uniform stream. */
  function normalStream(uniform) {
    let spare = null;
    return function () {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const u = 1 - uniform(); // (0, 1]: log(u) is finite
      const radius = Math.sqrt(-2 * Math.log(u));
      const angle = 2 * Math.PI * uniform();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    };
  }

  // ---------------------------------------------------------------- data
  function ringCenters(modes, radius) {
    const centers = [];
    for (let k = 0; k < modes; k++) {
      const angle = (2 * Math.PI * k) / modes;
      centers.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
    }
    return centers;
  }

  function gridCenters(perSide, spacing) {
    const centers = [];
    for (let i = 0; i < perSide; i++) {
      for (let j = 0; j < perSide; j++) {
        centers.push([spacing * (i - (perSide - 1) / 2), spacing * (j - (perSide - 1) / 2)]);
      }
    }
    return centers;
  }

  /** The package's toy data: equal-weight Gaussian mixtures with one std for every mode.
   * `view`: the square (or interval) that the widget draws. */
  const DATASETS = {
    ring: {
      label: "ring of 8",
      dim: 2,
      centers: ringCenters(8, 2.0),
      std: 0.02,
      view: [-2.7, 2.7],
    },
    grid: {
      label: "grid of 25",
      dim: 2,
      centers: gridCenters(5, 2.0),
      std: 0.05,
      view: [-5.4, 5.4],
    },
    gaussian: {
      label: "1-D Gaussian (chapter 1)",
      dim: 1,
      centers: [[4.0]],
      std: 1.25,
      view: [-2.0, 10.0],
    },
  };

  /** `n` samples of `dataset` into `out` (n * dim numbers): a mode drawn uniformly, then
   * its centre plus std times a standard normal per coordinate. */
  function sampleData(dataset, n, uniform, normal, out) {
    const dim = dataset.dim, modes = dataset.centers.length;
    for (let s = 0; s < n; s++) {
      const center = dataset.centers[Math.min(modes - 1, Math.floor(uniform() * modes))];
      for (let k = 0; k < dim; k++) out[s * dim + k] = center[k] + dataset.std * normal();
    }
    return out;
  }

  // ---------------------------------------------------------------- the mode metric
  /** metrics.mode_report on `n` samples (a flat array, n * dim): each sample counts for its
   * nearest centre when within `threshold` stds of it. Returns the same keys as Python. */
  function modeReport(samples, n, dataset, threshold = 3, minCount = 20) {
    const dim = dataset.dim, centers = dataset.centers, modes = centers.length;
    const histogram = new Array(modes).fill(0);
    for (let s = 0; s < n; s++) {
      let best = -1, bestDistance = Infinity;
      for (let k = 0; k < modes; k++) {
        let squared = 0;
        for (let j = 0; j < dim; j++) {
          const diff = samples[s * dim + j] - centers[k][j];
          squared += diff * diff;
        }
        const distance = Math.sqrt(squared);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = k;
        }
      }
      if (bestDistance <= threshold * dataset.std) histogram[best] += 1;
    }
    const total = histogram.reduce((a, b) => a + b, 0);
    let reverseKl = Infinity;
    if (total > 0) {
      reverseKl = 0;
      for (const count of histogram) {
        if (count > 0) {
          const p = count / total;
          reverseKl += p * Math.log(p * modes);
        }
      }
    }
    return {
      modes: histogram.filter((c) => c > 0).length,
      modes_min_count: histogram.filter((c) => c >= minCount).length,
      high_quality: total / n,
      reverse_kl: reverseKl,
      histogram: histogram,
    };
  }

  // ---------------------------------------------------------------- networks
  /** out (n x m) = A (n x k) times the transpose of B (m x k), all flat row-major; adds to
   * out when `accumulate`. Every product of the networks goes through here, in 4 x 4 blocks
   * of outputs, which run about 1.5 times as fast as one dot product at a time. */
  function multiplyTransposed(A, B, out, n, m, k, accumulate = false) {
    const n4 = n - (n % 4), m4 = m - (m % 4);
    for (let r = 0; r < n4; r += 4) {
      const a0 = r * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
      for (let c = 0; c < m4; c += 4) {
        const b0 = c * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let i = 0; i < k; i++) {
          const x0 = A[a0 + i], x1 = A[a1 + i], x2 = A[a2 + i], x3 = A[a3 + i];
          const y0 = B[b0 + i], y1 = B[b1 + i], y2 = B[b2 + i], y3 = B[b3 + i];
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        const o0 = r * m + c, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
        if (accumulate) {
          out[o0] += s00; out[o0 + 1] += s01; out[o0 + 2] += s02; out[o0 + 3] += s03;
          out[o1] += s10; out[o1 + 1] += s11; out[o1 + 2] += s12; out[o1 + 3] += s13;
          out[o2] += s20; out[o2 + 1] += s21; out[o2 + 2] += s22; out[o2 + 3] += s23;
          out[o3] += s30; out[o3 + 1] += s31; out[o3 + 2] += s32; out[o3 + 3] += s33;
        } else {
          out[o0] = s00; out[o0 + 1] = s01; out[o0 + 2] = s02; out[o0 + 3] = s03;
          out[o1] = s10; out[o1 + 1] = s11; out[o1 + 2] = s12; out[o1 + 3] = s13;
          out[o2] = s20; out[o2 + 1] = s21; out[o2 + 2] = s22; out[o2 + 3] = s23;
          out[o3] = s30; out[o3 + 1] = s31; out[o3 + 2] = s32; out[o3 + 3] = s33;
        }
      }
    }
    // the edges: rows past n4 (all columns) and columns past m4 (the first n4 rows)
    for (let r = 0; r < n; r++) {
      for (let c = r < n4 ? m4 : 0; c < m; c++) {
        const a0 = r * k, b0 = c * k;
        let sum = 0;
        for (let i = 0; i < k; i++) sum += A[a0 + i] * B[b0 + i];
        out[r * m + c] = accumulate ? out[r * m + c] + sum : sum;
      }
    }
    return out;
  }

  /** The transpose of A (n x m, flat row-major) into out (m x n). */
  function transpose(A, n, m, out = new Float64Array(n * m)) {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < m; c++) out[c * n + r] = A[r * m + c];
    }
    return out;
  }

  /** A multilayer perceptron on flat row-major batches. `sizes`: [in, hidden..., out];
   * hidden layers use ReLU (`slope` 0) or leaky ReLU (`slope` 0.2), the output is linear.
   * Kernels are stored (out, in), row-major. */
  class MLP {
    constructor(sizes, slope, uniform) {
      this.sizes = sizes;
      this.slope = slope;
      this.W = [];
      this.b = [];
      for (let l = 0; l + 1 < sizes.length; l++) {
        const fanIn = sizes[l], fanOut = sizes[l + 1];
        const limit = Math.sqrt(6 / (fanIn + fanOut)); // Glorot uniform, as Keras' Dense
        const W = new Float64Array(fanIn * fanOut);
        for (let i = 0; i < W.length; i++) W[i] = (2 * uniform() - 1) * limit;
        this.W.push(W);
        this.b.push(new Float64Array(fanOut));
      }
      this.scratch = new Map();
      this.grads = this.zeroGradients();
    }

    /** A scratch array of `length` numbers kept between calls under `name` (its contents are
     * whatever the last user left): a training step allocates no memory. */
    _buffer(name, length) {
      const key = `${name}:${length}`;
      let buffer = this.scratch.get(key);
      if (!buffer) {
        buffer = new Float64Array(length);
        this.scratch.set(key, buffer);
      }
      return buffer;
    }

    /** The gradients' arrays, set to zero (reused from step to step). */
    clearedGradients() {
      for (const key of ["W", "b"]) for (const g of this.grads[key]) g.fill(0);
      return this.grads;
    }

    get layers() {
      return this.W.length;
    }

    zeroGradients() {
      return {
        W: this.W.map((W) => new Float64Array(W.length)),
        b: this.b.map((b) => new Float64Array(b.length)),
      };
    }

    /** The layers' outputs on `n` rows of `x` (n x in): an array whose first entry is `x`
     * and last the network's output (n x out). The next call on as many rows overwrites
     * them. */
    forward(x, n) {
      const acts = [x];
      for (let l = 0; l < this.layers; l++) {
        const nout = this.sizes[l + 1], b = this.b[l];
        const y = multiplyTransposed(acts[l], this.W[l], this._buffer(`act${l}`, n * nout), n, nout, this.sizes[l]);
        const hidden = l + 1 < this.layers, slope = this.slope;
        for (let s = 0; s < n; s++) {
          for (let h = 0; h < nout; h++) {
            const v = y[s * nout + h] + b[h];
            y[s * nout + h] = hidden && v < 0 ? slope * v : v;
          }
        }
        acts.push(y);
      }
      return acts;
    }

    /** The transpose of kernel l (in x out), for products with the gradient below it. */
    _transposedKernel(l) {
      const nin = this.sizes[l], nout = this.sizes[l + 1];
      return transpose(this.W[l], nout, nin, this._buffer(`kernelT${l}`, nin * nout));
    }

    /** Multiplies `delta` (n x width of a hidden layer) by the slopes of that layer's
     * activation, read off its outputs `a` (their first n rows): 1 where positive, else
     * `slope`. */
    _throughActivation(delta, a) {
      const slope = this.slope;
      for (let i = 0; i < delta.length; i++) if (!(a[i] > 0)) delta[i] *= slope;
      return delta;
    }

    /** Backpropagates `dOut` (n x out, the loss's gradient with respect to the output)
     * through the activations of a `forward` call. Adds the weights' gradients to `grads`
     * (unless null) and returns the gradient with respect to the input (n x in), or null
     * when `needInput` is false. */
    backward(acts, n, dOut, grads, needInput = true) {
      let delta = dOut;
      for (let l = this.layers - 1; l >= 0; l--) {
        const nin = this.sizes[l], nout = this.sizes[l + 1];
        if (grads) {
          const db = grads.b[l];
          for (let s = 0; s < n; s++) for (let h = 0; h < nout; h++) db[h] += delta[s * nout + h];
          // dW (nout x nin) += delta^T a: rows of the two transposes, dotted
          multiplyTransposed(
            transpose(delta, n, nout, this._buffer(`deltaT${l}`, n * nout)),
            transpose(acts[l], n, nin, this._buffer(`actT${l}`, n * nin)),
            grads.W[l], nout, nin, n, true
          );
        }
        if (l === 0 && !needInput) return null;
        const below = multiplyTransposed(
          delta, this._transposedKernel(l), this._buffer(`below${l}`, n * nin), n, nin, nout
        );
        delta = l > 0 ? this._throughActivation(below, acts[l]) : below;
      }
      return delta;
    }

    /** Adds to `grads` the gradient, with respect to the weights, of
     * `scale` * sum over rows of ||grad_x output(x)||^2 (a one-output network, after a
     * `forward` call on those rows; only the first `n` rows are read). Returns that sum.
     *
     * Within one activation pattern the input gradient is linear in each kernel:
     * g = W0^T S1 W1^T S2 ... w_last, with S the activations' slopes (1 or `slope`), so its
     * gradient follows by the chain rule through those products; the biases move it only by
     * changing the pattern, so their gradient is zero (as automatic differentiation gives
     * for leaky ReLU). */
    inputGradientPenalty(acts, n, scale, grads) {
      const L = this.layers, sizes = this.sizes;
      // deltas[l] (n x sizes[l]): d output / d (pre-activation of hidden layer l), l >= 1;
      // deltas[0] = g, the gradient with respect to the input
      const deltas = new Array(L);
      const last = this.W[L - 1], width = sizes[L - 1];
      const top = this._buffer("penaltyTop", n * width);
      for (let s = 0; s < n; s++) for (let j = 0; j < width; j++) top[s * width + j] = last[j];
      deltas[L - 1] = this._throughActivation(top, acts[L - 1]);
      for (let l = L - 2; l >= 0; l--) {
        const below = multiplyTransposed(
          deltas[l + 1], this._transposedKernel(l), this._buffer(`penaltyDelta${l}`, n * sizes[l]),
          n, sizes[l], sizes[l + 1]
        );
        deltas[l] = l > 0 ? this._throughActivation(below, acts[l]) : below;
      }
      const g = deltas[0];
      let total = 0;
      for (let i = 0; i < g.length; i++) total += g[i] * g[i];
      if (!grads) return total;
      // backward: up = d penalty / d (W[l]^T deltas[l + 1]), from l = 0 upwards
      let up = this._buffer("penaltyUp", g.length);
      for (let i = 0; i < g.length; i++) up[i] = 2 * scale * g[i];
      for (let l = 0; l < L - 1; l++) {
        const nin = sizes[l], nout = sizes[l + 1];
        multiplyTransposed(
          transpose(deltas[l + 1], n, nout, this._buffer(`penaltyDeltaT${l}`, n * nout)),
          transpose(up, n, nin, this._buffer(`penaltyUpT${l}`, n * nin)),
          grads.W[l], nout, nin, n, true
        );
        const down = multiplyTransposed(up, this.W[l], this._buffer(`penaltyDown${l}`, n * nout), n, nout, nin);
        up = this._throughActivation(down, acts[l + 1]);
      }
      const dLast = grads.W[L - 1];
      for (let s = 0; s < n; s++) for (let j = 0; j < width; j++) dLast[j] += up[s * width + j];
      return total;
    }
  }

  /** keras.optimizers.Adam on a network's weights. */
  class Adam {
    constructor(net, learningRate, beta1 = 0.5, beta2 = 0.999, epsilon = 1e-7) {
      this.net = net;
      this.learningRate = learningRate;
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.epsilon = epsilon;
      this.iterations = 0;
      this.m = net.zeroGradients();
      this.v = net.zeroGradients();
    }

    apply(grads) {
      this.iterations += 1;
      const t = this.iterations, b1 = this.beta1, b2 = this.beta2;
      const rate = (this.learningRate * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t));
      for (const key of ["W", "b"]) {
        for (let l = 0; l < grads[key].length; l++) {
          const w = this.net[key][l], g = grads[key][l], m = this.m[key][l], v = this.v[key][l];
          for (let i = 0; i < w.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            w[i] -= (rate * m[i]) / (Math.sqrt(v[i]) + this.epsilon);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- losses, on logits
  const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
  const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

  /** Each loss: D's loss on real and fake logits and G's loss on fake logits (means over
   * the logits), with their gradients with respect to each logit. */
  const LOSSES = {
    minimax: {
      label: "minimax (saturating)",
      d: (real, fake) => dLossProbabilistic(real, fake),
      g: (fake) => ({
        value: -mean(fake, softplus), // log(1 - D(G(z))), minimised
        grad: fake.map((l) => -sigmoid(l) / fake.length),
      }),
    },
    non_saturating: {
      label: "non-saturating",
      d: (real, fake) => dLossProbabilistic(real, fake),
      g: (fake) => ({
        value: mean(fake, (l) => softplus(-l)), // -log D(G(z))
        grad: fake.map((l) => -sigmoid(-l) / fake.length),
      }),
    },
    hinge: {
      label: "hinge",
      d: (real, fake) => ({
        value: mean(real, (l) => Math.max(0, 1 - l)) + mean(fake, (l) => Math.max(0, 1 + l)),
        real: real.map((l) => (l < 1 ? -1 / real.length : 0)),
        fake: fake.map((l) => (l > -1 ? 1 / fake.length : 0)),
      }),
      g: (fake) => ({ value: -mean(fake, (l) => l), grad: fake.map(() => -1 / fake.length) }),
    },
  };

  function mean(values, f) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += f(values[i]);
    return sum / values.length;
  }

  function dLossProbabilistic(real, fake) {
    // -log D(x) - log(1 - D(G(z))) = softplus(-l_real) + softplus(l_fake)
    return {
      value: mean(real, (l) => softplus(-l)) + mean(fake, softplus),
      real: real.map((l) => -sigmoid(-l) / real.length),
      fake: fake.map((l) => sigmoid(l) / fake.length),
    };
  }

  // ---------------------------------------------------------------- the game
  /** Chapter 8's recipe on smaller networks (on seed 0 it reaches at most half of the ring's
   * modes in 800 steps; other seeds differ) and the one-click fixes. */
  const DEFAULTS = {
    dataset: "ring",
    loss: "non_saturating",
    learningRateG: 1e-3,
    learningRateD: 1e-3,
    dSteps: 5,
    r1: 0,
    pack: 1,
    seed: 0,
    batch: 256,
    latent: 2,
    hidden: [64, 64],
    beta1: 0.5,
    beta2: 0.999,
  };
  const FIXES = { r1: { r1: 1 }, pack: { pack: 4 } };
  const EVALUATION_SAMPLES = 2500; // metrics.NUM_EVAL_SAMPLES

  /** Two networks, their optimizers and seeded streams; everything a run needs. The same
   * configuration and the same calls give the same numbers. */
  class Game {
    constructor(options = {}) {
      const config = Object.assign({}, DEFAULTS, options);
      checkConfig(config);
      this.config = config;
      this.dataset = DATASETS[config.dataset];
      this.loss = LOSSES[config.loss];
      const seed = config.seed >>> 0;
      const init = uniformStream(seed * 4 + 1);
      const dim = this.dataset.dim;
      this.generator = new MLP([config.latent, ...config.hidden, dim], 0, init);
      this.discriminator = new MLP([dim * config.pack, ...config.hidden, 1], 0.2, init);
      this.gOptimizer = new Adam(this.generator, config.learningRateG, config.beta1, config.beta2);
      this.dOptimizer = new Adam(this.discriminator, config.learningRateD, config.beta1, config.beta2);
      const dataUniform = uniformStream(seed * 4 + 2);
      this.dataUniform = dataUniform;
      this.dataNormal = normalStream(dataUniform);
      this.noise = normalStream(uniformStream(seed * 4 + 3));
      // one fixed set of noise vectors for the live metrics: looking never changes training
      const evaluationNoise = normalStream(uniformStream(seed * 4 + 4));
      this.evaluationZ = new Float64Array(EVALUATION_SAMPLES * config.latent).map(() =>
        evaluationNoise()
      );
      this.dSteps = 0;
      this.gSteps = 0;
      this.history = { gStep: [], dLoss: [], gLoss: [] };
      this.lastDLoss = NaN;
    }

    _noise(n) {
      const z = new Float64Array(n * this.config.latent);
      for (let i = 0; i < z.length; i++) z[i] = this.noise();
      return z;
    }

    /** One discriminator update on a fresh real batch and a fresh fake batch. */
    stepD() {
      const { batch, pack, r1 } = this.config, dim = this.dataset.dim, rows = batch / pack;
      const D = this.discriminator;
      // one batch for D: the real samples, then the generator's (packed: m per row)
      const both = new Float64Array(2 * batch * dim);
      sampleData(this.dataset, batch, this.dataUniform, this.dataNormal, both);
      const fakeActs = this.generator.forward(this._noise(batch), batch);
      both.set(fakeActs[fakeActs.length - 1], batch * dim);
      const acts = D.forward(both, 2 * rows);
      const logits = acts[acts.length - 1];
      const loss = this.loss.d(Array.from(logits.subarray(0, rows)), Array.from(logits.subarray(rows)));
      const grads = D.clearedGradients();
      D.backward(acts, 2 * rows, Float64Array.from([...loss.real, ...loss.fake]), grads, false);
      if (r1 > 0) {
        // gamma / 2 * mean over the batch's real samples of ||grad||^2 (a packed row's
        // squared gradient is the sum of its samples'); the real rows come first
        D.inputGradientPenalty(acts, rows, r1 / 2 / batch, grads);
      }
      this.dOptimizer.apply(grads);
      this.dSteps += 1;
      this.lastDLoss = loss.value;
      return loss.value;
    }

    /** One generator update through the (fixed) discriminator. */
    stepG() {
      const { batch, pack } = this.config, rows = batch / pack;
      const G = this.generator, D = this.discriminator;
      const gActs = G.forward(this._noise(batch), batch);
      const dActs = D.forward(gActs[gActs.length - 1], rows);
      const loss = this.loss.g(Array.from(dActs[dActs.length - 1]));
      const dFake = D.backward(dActs, rows, Float64Array.from(loss.grad), null);
      const grads = G.clearedGradients();
      G.backward(gActs, batch, dFake, grads, false);
      this.gOptimizer.apply(grads);
      this.gSteps += 1;
      this.history.gStep.push(this.gSteps);
      this.history.dLoss.push(this.lastDLoss);
      this.history.gLoss.push(loss.value);
      return loss.value;
    }

    /** `dSteps` discriminator updates, then one generator update. */
    step() {
      for (let k = 0; k < this.config.dSteps; k++) this.stepD();
      return this.stepG();
    }

    /** `steps` training steps (each: dSteps D updates and one G update). */
    run(steps) {
      for (let k = 0; k < steps; k++) this.step();
      return this;
    }

    /** The generator's samples on the fixed evaluation noise: 2,500 x dim, flat. */
    samples() {
      const n = EVALUATION_SAMPLES;
      const acts = this.generator.forward(this.evaluationZ, n);
      return Float64Array.from(acts[acts.length - 1]);
    }

    /** metrics.mode_report of `samples()`. */
    report() {
      return modeReport(this.samples(), EVALUATION_SAMPLES, this.dataset);
    }

    /** D's logit at each of `n` points (flat, n x dim); a packed D reads each point
     * repeated m times. */
    discriminatorLogits(points, n) {
      const dim = this.dataset.dim, pack = this.config.pack;
      let input = points;
      if (pack > 1) {
        input = new Float64Array(n * dim * pack);
        for (let s = 0; s < n; s++) {
          for (let c = 0; c < pack; c++) {
            for (let k = 0; k < dim; k++) input[(s * pack + c) * dim + k] = points[s * dim + k];
          }
        }
      }
      const acts = this.discriminator.forward(input, n);
      return Float64Array.from(acts[acts.length - 1]);
    }
  }

  function checkConfig(config) {
    const problems = [];
    if (!(config.dataset in DATASETS)) problems.push(`dataset must be one of ${Object.keys(DATASETS)}, got ${config.dataset}`);
    if (!(config.loss in LOSSES)) problems.push(`loss must be one of ${Object.keys(LOSSES)}, got ${config.loss}`);
    for (const key of ["learningRateG", "learningRateD"]) {
      if (!(config[key] > 0 && config[key] < 1)) problems.push(`${key} must be in (0, 1), got ${config[key]}`);
    }
    if (!(config.r1 >= 0 && Number.isFinite(config.r1))) problems.push(`r1 must be a number >= 0, got ${config.r1}`);
    for (const key of ["dSteps", "pack", "batch", "latent"]) {
      if (!(Number.isInteger(config[key]) && config[key] >= 1)) problems.push(`${key} must be an integer >= 1, got ${config[key]}`);
    }
    if (!(Number.isInteger(config.seed) && config.seed >= 0)) problems.push(`seed must be an integer >= 0, got ${config.seed}`);
    if (Number.isInteger(config.batch) && Number.isInteger(config.pack) && config.batch % config.pack) {
      problems.push(`batch (${config.batch}) must be a multiple of pack (${config.pack})`);
    }
    if (problems.length) throw new RangeError(problems.join("; "));
  }

  // ---------------------------------------------------------------- the widget
  const COLORS = { real: [31, 140, 120], fake: [130, 80, 200], line: "#333" };

  /** A labelled control: a <select> of `choices` ({value: text}) or an <input>. */
  function control(label, element, title) {
    const wrapper = document.createElement("label");
    wrapper.className = "gan-live-control";
    wrapper.title = title;
    wrapper.append(label, element);
    return wrapper;
  }

  function select(name, choices) {
    const element = document.createElement("select");
    element.name = name;
    for (const [value, text] of Object.entries(choices)) element.add(new Option(text, value));
    return element;
  }

  function numberInput(name, step, min) {
    const element = document.createElement("input");
    element.type = "number";
    element.name = name;
    element.step = step;
    element.min = min;
    return element;
  }

  function button(text, name, title) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = text;
    element.name = name;
    element.title = title;
    return element;
  }

  /** The live trainer in one element of the page: the game, its picture, its controls. */
  class Widget {
    constructor(element) {
      this.element = element;
      this.initial = Object.assign({}, DEFAULTS, readOptions(element.dataset));
      this.playing = false;
      this.trainingSeconds = 0;
      this.trainedSteps = 0;
      this.build();
      this.reset(this.initial);
    }

    build() {
      const root = this.element;
      root.textContent = "";
      root.classList.add("gan-live-ready");
      this.plane = document.createElement("canvas");
      this.plane.width = this.plane.height = 360;
      this.plane.className = "gan-live-plane";
      this.lossPlot = document.createElement("canvas");
      this.lossPlot.width = 360;
      this.lossPlot.height = 150;
      this.lossPlot.className = "gan-live-losses";
      this.readout = document.createElement("div");
      this.readout.className = "gan-live-readout";
      this.status = document.createElement("div");
      this.status.className = "gan-live-status";
      const side = document.createElement("div");
      side.className = "gan-live-side";
      side.append(this.readout, this.lossPlot, this.status);
      const view = document.createElement("div");
      view.className = "gan-live-view";
      view.append(this.plane, side);

      const inputs = (this.inputs = {
        dataset: select("dataset", Object.fromEntries(Object.entries(DATASETS).map(([k, d]) => [k, d.label]))),
        loss: select("loss", Object.fromEntries(Object.entries(LOSSES).map(([k, d]) => [k, d.label]))),
        learningRateG: numberInput("learningRateG", "0.0001", "0.00001"),
        learningRateD: numberInput("learningRateD", "0.0001", "0.00001"),
        dSteps: numberInput("dSteps", "1", "1"),
        r1: numberInput("r1", "0.1", "0"),
        pack: select("pack", { 1: "1 (off)", 2: "2", 4: "4", 8: "8" }),
        seed: numberInput("seed", "1", "0"),
      });
      const settings = document.createElement("div");
      settings.className = "gan-live-settings";
      settings.append(
        control("data", inputs.dataset, "the training data (data.ring(), data.grid(), data.gaussian_1d)"),
        control("loss", inputs.loss, "the adversarial loss, on logits (gan_tutorial.losses)"),
        control("G rate", inputs.learningRateG, "the generator's Adam learning rate"),
        control("D rate", inputs.learningRateD, "the discriminator's Adam learning rate"),
        control("D steps", inputs.dSteps, "discriminator updates per generator update (GAN.compile(d_steps=...))"),
        control("R1 \u03b3", inputs.r1, "R1 weight gamma: gamma / 2 E||grad D(x)||^2 on real data (GAN.compile(r1_weight=...))"),
        control("pack", inputs.pack, "PacGAN: samples per discriminator input (mlp_discriminator(pack=...))"),
        control("seed", inputs.seed, "the seed of the weights, the data and the noise: the same seed, the same run")
      );
      for (const input of Object.values(inputs)) {
        input.addEventListener("change", () => this.resetFromInputs());
      }

      const buttons = (this.buttons = {
        play: button("\u25b6 play", "play", "train until paused"),
        stepD: button("step D", "stepD", "one discriminator update"),
        stepG: button("step G", "stepG", "one generator update"),
        reset: button("reset", "reset", "start again from the same seed"),
        recipe: button("chapter 8's recipe", "recipe", "the settings of this page's start (they collapse on the ring)"),
        fixR1: button("fix: R1", "fixR1", `R1 with gamma ${FIXES.r1.r1} (chapter 9)`),
        fixPack: button("fix: pack 4", "fixPack", "PacGAN with m = 4 (chapter 8)"),
      });
      buttons.play.addEventListener("click", () => (this.playing ? this.pause() : this.play()));
      buttons.stepD.addEventListener("click", () => this.manual(() => this.game.stepD()));
      buttons.stepG.addEventListener("click", () => this.manual(() => this.game.stepG()));
      buttons.reset.addEventListener("click", () => this.resetFromInputs());
      buttons.recipe.addEventListener("click", () => this.reset(Object.assign({}, this.initial, { r1: 0, pack: 1 })));
      buttons.fixR1.addEventListener("click", () => this.reset(Object.assign({}, this.game.config, FIXES.r1, { pack: 1 })));
      buttons.fixPack.addEventListener("click", () => this.reset(Object.assign({}, this.game.config, FIXES.pack, { r1: 0 })));
      const actions = document.createElement("div");
      actions.className = "gan-live-actions";
      actions.append(...Object.values(buttons));

      const legend = document.createElement("details");
      legend.className = "gan-live-legend";
      legend.innerHTML =
        "<summary>What is what (the package's names)</summary><ul>" +
        "<li><b>Picture</b>: green dots are real samples (grey crosses: the modes), purple dots the generator's 2,500 evaluation samples; the background is D's output \u03c3(logit), green where D says real, purple where it says fake (a packed D reads each point m times).</li>" +
        "<li><b>Networks</b>: <code>models.mlp_generator(2, dim, hidden=(64, 64))</code> (ReLU) and <code>models.mlp_discriminator(dim, hidden=(64, 64), pack=m)</code> (leaky ReLU 0.2, one logit); Glorot-uniform weights as Keras; batch 256, fresh data every batch.</li>" +
        "<li><b>Losses</b>: <code>losses.Minimax</code>, <code>losses.NonSaturating</code>, <code>losses.Hinge</code>, all on logits; R1 is <code>fixes.r1_penalty</code> times \u03b3/2, added to D's loss as <code>GAN.compile(r1_weight=\u03b3)</code> does; optimizer <code>keras.optimizers.Adam(rate, beta_1=0.5)</code>.</li>" +
        "<li><b>Measures</b>: <code>metrics.mode_report</code> on 2,500 samples of fixed noise: a sample counts for its nearest mode when within 3 stds of it; modes with at least one, the high-quality share, and the reverse KL of the mode histogram to uniform (0 when all modes share equally).</li>" +
        "<li><b>A step</b> is D steps discriminator updates, then one generator update; the loss plot shows D's loss (green) and G's loss (purple) at each generator update. Changing a setting starts again.</li></ul>";

      root.append(view, settings, actions, legend);
    }

    /** Reads the controls into a configuration and starts again from it. */
    resetFromInputs() {
      const inputs = this.inputs;
      this.reset(Object.assign({}, this.initial, {
        dataset: inputs.dataset.value,
        loss: inputs.loss.value,
        learningRateG: Number(inputs.learningRateG.value),
        learningRateD: Number(inputs.learningRateD.value),
        dSteps: Number(inputs.dSteps.value),
        r1: Number(inputs.r1.value),
        pack: Number(inputs.pack.value),
        seed: Number(inputs.seed.value),
      }));
    }

    /** A new game with `options` (the controls show them); a bad value is reported and the
     * game is left as it was. */
    reset(options) {
      let game;
      try {
        game = new Game(options);
      } catch (error) {
        this.status.textContent = `Not started: ${error.message}`;
        this.status.classList.add("gan-live-error");
        return false;
      }
      this.status.classList.remove("gan-live-error");
      this.pause();
      this.game = game;
      this.trainingSeconds = 0;
      this.trainedSteps = 0;
      const c = game.config;
      for (const key of Object.keys(this.inputs)) this.inputs[key].value = String(c[key]);
      this.realSamples = sampleData(game.dataset, 500, uniformStream(c.seed * 4 + 5),
        normalStream(uniformStream(c.seed * 4 + 6)), new Float64Array(500 * game.dataset.dim));
      this.draw();
      return true;
    }

    play() {
      if (this.playing) return;
      this.playing = true;
      this.buttons.play.textContent = "\u275a\u275a pause";
      const frame = () => {
        if (!this.playing) return;
        const start = performance.now();
        let steps = 0;
        do {
          this.game.step();
          steps += 1;
        } while (performance.now() - start < 30);
        this.trainingSeconds += (performance.now() - start) / 1000;
        this.trainedSteps += steps;
        this.draw();
        this.frame = requestAnimationFrame(frame);
      };
      this.frame = requestAnimationFrame(frame);
    }

    pause() {
      this.playing = false;
      if (this.frame) cancelAnimationFrame(this.frame);
      this.frame = null;
      this.buttons.play.textContent = "\u25b6 play";
    }

    manual(update) {
      this.pause();
      update();
      this.draw();
    }

    draw() {
      const game = this.game;
      const samples = game.samples();
      const report = modeReport(samples, EVALUATION_SAMPLES, game.dataset);
      this.report = report;
      if (game.dataset.dim === 2) this.drawPlane(samples);
      else this.drawLine(samples);
      drawLosses(this.lossPlot, game.history);
      const kl = Number.isFinite(report.reverse_kl) ? report.reverse_kl.toFixed(3) : "\u221e";
      const modes = game.dataset.centers.length;
      this.readout.innerHTML =
        `<div><b>${report.modes}</b> of ${modes} modes covered</div>` +
        `<div><b>${(100 * report.high_quality).toFixed(1)}%</b> high quality</div>` +
        `<div>reverse KL <b>${kl}</b> nats</div>`;
      const speed = this.trainingSeconds > 0 ? ` \u00b7 ${(this.trainedSteps / this.trainingSeconds).toFixed(0)} steps/s` : "";
      this.status.textContent =
        `${game.gSteps} generator and ${game.dSteps} discriminator updates${speed}`;
    }

    /** The 2-D picture: D's output as a heat map, real samples, the modes and G's samples. */
    drawPlane(samples) {
      const canvas = this.plane, context = canvas.getContext("2d");
      const [low, high] = this.game.dataset.view, size = canvas.width;
      const toPixel = (v) => ((v - low) / (high - low)) * size;
      const cells = 48, points = new Float64Array(cells * cells * 2);
      for (let row = 0; row < cells; row++) {
        for (let col = 0; col < cells; col++) {
          const index = row * cells + col;
          points[2 * index] = low + ((col + 0.5) / cells) * (high - low);
          points[2 * index + 1] = high - ((row + 0.5) / cells) * (high - low);
        }
      }
      const logits = this.game.discriminatorLogits(points, cells * cells);
      const image = new ImageData(cells, cells);
      for (let i = 0; i < cells * cells; i++) {
        const p = sigmoid(logits[i]);
        for (let k = 0; k < 3; k++) {
          const mixed = p * COLORS.real[k] + (1 - p) * COLORS.fake[k];
          image.data[4 * i + k] = 255 - 0.35 * (255 - mixed); // pale: the dots stay visible
        }
        image.data[4 * i + 3] = 255;
      }
      const tile = document.createElement("canvas");
      tile.width = tile.height = cells;
      tile.getContext("2d").putImageData(image, 0, 0);
      context.imageSmoothingEnabled = true;
      context.drawImage(tile, 0, 0, size, size);
      const dots = (values, count, color, radius) => {
        context.fillStyle = color;
        for (let s = 0; s < count; s++) {
          const x = toPixel(values[2 * s]), y = size - toPixel(values[2 * s + 1]);
          context.fillRect(x - radius, y - radius, 2 * radius, 2 * radius);
        }
      };
      dots(this.realSamples, 500, `rgb(${COLORS.real})`, 1.5);
      context.strokeStyle = "#777";
      for (const [cx, cy] of this.game.dataset.centers) {
        const x = toPixel(cx), y = size - toPixel(cy);
        context.beginPath();
        context.moveTo(x - 4, y - 4);
        context.lineTo(x + 4, y + 4);
        context.moveTo(x + 4, y - 4);
        context.lineTo(x - 4, y + 4);
        context.stroke();
      }
      dots(samples, EVALUATION_SAMPLES, `rgba(${COLORS.fake},0.6)`, 1.2);
    }

    /** The 1-D picture: the data's density, a histogram of G's samples and D's output. */
    drawLine(samples) {
      const canvas = this.plane, context = canvas.getContext("2d");
      const [low, high] = this.game.dataset.view, size = canvas.width;
      const dataset = this.game.dataset, mean = dataset.centers[0][0], std = dataset.std;
      context.fillStyle = "#fff";
      context.fillRect(0, 0, size, size);
      const bins = 60, width = (high - low) / bins, counts = new Array(bins).fill(0);
      for (let s = 0; s < EVALUATION_SAMPLES; s++) {
        const bin = Math.floor((samples[s] - low) / width);
        if (bin >= 0 && bin < bins) counts[bin] += 1;
      }
      const peak = 1 / (std * Math.sqrt(2 * Math.PI));
      const scale = (0.45 * size) / peak; // a density of `peak` fills 45% of the height
      const base = size - 20;
      context.fillStyle = `rgba(${COLORS.fake},0.55)`;
      for (let b = 0; b < bins; b++) {
        const density = counts[b] / EVALUATION_SAMPLES / width;
        const h = Math.min(base, density * scale);
        context.fillRect((b / bins) * size, base - h, size / bins - 1, h);
      }
      const xs = Array.from({ length: 181 }, (_, i) => low + (i / 180) * (high - low));
      const curve = (values, color, dash) => {
        context.strokeStyle = color;
        context.setLineDash(dash);
        context.lineWidth = 2;
        context.beginPath();
        values.forEach((y, i) => {
          const x = (i / 180) * size;
          if (i) context.lineTo(x, y);
          else context.moveTo(x, y);
        });
        context.stroke();
        context.setLineDash([]);
      };
      curve(xs.map((x) => base - scale * peak * Math.exp(-0.5 * ((x - mean) / std) ** 2)), `rgb(${COLORS.real})`, []);
      const logits = this.game.discriminatorLogits(Float64Array.from(xs), xs.length);
      curve(Array.from(logits, (l) => base - sigmoid(l) * (size - 40)), COLORS.line, [6, 4]);
      context.fillStyle = COLORS.line;
      context.font = "12px sans-serif";
      context.fillText("dashed: D(x); green: the data's density; purple: G's histogram", 8, 14);
      for (let tick = Math.ceil(low); tick <= high; tick += 2) {
        const x = ((tick - low) / (high - low)) * size - 3;
        context.fillText(String(tick), Math.min(Math.max(x, 2), size - 16), size - 5);
      }
    }
  }

  /** D's and G's losses at every generator update, on one axis. */
  function drawLosses(canvas, history) {
    const context = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, w, h);
    context.strokeStyle = "#ccc";
    context.strokeRect(0.5, 0.5, w - 1, h - 1);
    const n = history.gStep.length;
    context.fillStyle = COLORS.line;
    context.font = "12px sans-serif";
    if (!n) {
      context.fillText("losses: none yet (press play)", 8, 16);
      return;
    }
    const finite = (v) => Number.isFinite(v);
    let lowest = Infinity, highest = -Infinity; // a loop: a long run has too many for Math.min(...)
    for (const list of [history.dLoss, history.gLoss]) {
      for (const v of list) {
        if (finite(v)) {
          lowest = Math.min(lowest, v);
          highest = Math.max(highest, v);
        }
      }
    }
    if (!finite(lowest)) lowest = 0;
    if (!(highest - lowest >= 1e-6)) highest = lowest + 1;
    const y = (v) => h - 18 - ((v - lowest) / (highest - lowest)) * (h - 36);
    const series = (list, color) => {
      context.strokeStyle = color;
      context.lineWidth = 1.5;
      context.beginPath();
      const stride = Math.max(1, Math.floor(n / w));
      let started = false;
      for (let i = 0; i < n; i += stride) {
        if (!finite(list[i])) continue;
        const x = (i / Math.max(1, n - 1)) * (w - 10) + 5;
        if (started) context.lineTo(x, y(list[i]));
        else context.moveTo(x, y(list[i]));
        started = true;
      }
      context.stroke();
    };
    series(history.dLoss, `rgb(${COLORS.real})`);
    series(history.gLoss, `rgb(${COLORS.fake})`);
    context.fillText(`losses over ${n} generator updates (${lowest.toFixed(2)} to ${highest.toFixed(2)})`, 6, 13);
  }

  /** The widget's starting settings from the element's data- attributes
   * (data-dataset, data-loss, data-d-steps, data-r1, data-pack, data-seed). */
  function readOptions(data) {
    const options = {};
    if (data.dataset) options.dataset = data.dataset;
    if (data.loss) options.loss = data.loss;
    for (const key of ["dSteps", "r1", "pack", "seed", "learningRateG", "learningRateD"]) {
      if (data[key] !== undefined) options[key] = Number(data[key]);
    }
    return options;
  }

  const engine = {
    uniformStream, normalStream, DATASETS, LOSSES, DEFAULTS, FIXES, EVALUATION_SAMPLES,
    sampleData, modeReport, MLP, Adam, Game, widgets: [],
  };

  if (typeof module === "object" && module.exports) {
    module.exports = engine;
  } else {
    root.ganLive = engine;
    const mountAll = () => {
      for (const element of document.querySelectorAll(".gan-live:not(.gan-live-ready)")) {
        engine.widgets.push(new Widget(element));
      }
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
    else mountAll();
  }
})(typeof window !== "undefined" ? window : globalThis);

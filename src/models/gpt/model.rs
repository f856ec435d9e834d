//! The whole decoder: token embeddings (plus position vectors when the
//! model adds them), the blocks, the final norm and the output layer that
//! turns each position's vector into next-token scores; run on a whole
//! text at once, or on the next positions against a KV cache.

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Embedding, EmbeddingConfig, Initializer, Linear, LinearConfig};
use burn::tensor::{Device, Int, Tensor};

use super::block::{Block, BlockConfig};
use super::cache::KvCache;
use super::mlp::MlpKind;
use super::norm::{Norm, NormKind};
use super::positions::{self, Positions};
use super::tap::{Site, SiteKind, Tap};

/// A small GPT by default: what trains in a page in minutes.
#[derive(Config, Debug)]
pub struct GptConfig {
    /// Vocabulary size.
    pub vocab_size: usize,
    /// Longest input trained on, in tokens.
    #[config(default = 64)]
    pub context: usize,
    /// Rows of the learned position table when more than `context` (so a
    /// model trained on short windows can be read further; the extra rows
    /// stay as initialised).
    #[config(default = 0)]
    pub reach: usize,
    /// Model width; a multiple of `n_heads`.
    #[config(default = 128)]
    pub d_model: usize,
    /// Attention heads per block.
    #[config(default = 4)]
    pub n_heads: usize,
    /// Key/value heads per block, dividing `n_heads` (0: as many).
    #[config(default = 0)]
    pub kv_heads: usize,
    /// Blocks.
    #[config(default = 4)]
    pub n_layers: usize,
    /// MLP width as a multiple of the model width.
    #[config(default = 4)]
    pub mlp_ratio: usize,
    /// Dropout while training.
    #[config(default = 0.0)]
    pub dropout: f64,
    /// The output layer reuses the token embedding (transposed) instead of
    /// a matrix of its own.
    #[config(default = true)]
    pub tie_embeddings: bool,
    /// Normalisation before each branch (GPT-2) or after each residual sum.
    #[config(default = true)]
    pub pre_norm: bool,
    /// LayerNorm (GPT-2) or RMSNorm (LLaMA).
    #[config(default = "NormKind::LayerNorm")]
    pub norm: NormKind,
    /// GELU MLP (GPT-2) or SwiGLU (LLaMA).
    #[config(default = "MlpKind::Gelu")]
    pub mlp: MlpKind,
    /// Where order comes from.
    #[config(default = "Positions::Learned")]
    pub positions: Positions,
}

impl GptConfig {
    /// Build the model with fresh weights.
    pub fn init(&self, device: &Device) -> Gpt {
        let block = BlockConfig::new(self.d_model, self.n_heads)
            .with_kv_heads(self.kv_heads)
            .with_mlp_ratio(self.mlp_ratio)
            .with_dropout(self.dropout)
            .with_pre_norm(self.pre_norm)
            .with_norm(self.norm)
            .with_mlp(self.mlp)
            .with_positions(self.positions);
        // GPT-2's 0.02 rather than burn's N(0, 1): with the output tied to
        // the embedding, unit-variance rows would start every score at
        // ±√d_model and the first loss far above a uniform guess.
        let small = Initializer::Normal {
            mean: 0.0,
            std: 0.02,
        };
        Gpt {
            token: EmbeddingConfig::new(self.vocab_size, self.d_model)
                .with_initializer(small.clone())
                .init(device),
            position: self.positions.is_learned().then(|| {
                EmbeddingConfig::new(self.context.max(self.reach), self.d_model)
                    .with_initializer(small)
                    .init(device)
            }),
            blocks: (0..self.n_layers).map(|_| block.init(device)).collect(),
            final_norm: self.norm.init(self.d_model, device),
            head: (!self.tie_embeddings)
                .then(|| LinearConfig::new(self.d_model, self.vocab_size).init(device)),
            positions: self.positions,
            context: self.context,
        }
    }
}

/// A decoder-only Transformer.
#[derive(Module, Debug)]
pub struct Gpt {
    /// Token embedding; also the output layer when tied.
    pub token: Embedding,
    /// Learned absolute positions, when the model learns them.
    pub position: Option<Embedding>,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// Normalisation before the output layer.
    pub final_norm: Norm,
    /// The output layer, when not tied to the token embedding.
    pub head: Option<Linear>,
    /// Where order comes from.
    #[module(skip)]
    pub positions: Positions,
    /// Longest input trained on.
    pub context: usize,
}

/// What one forward pass shows.
pub struct GptOutput {
    /// Next-token scores at every position.
    pub logits: Tensor<3>,
    /// Each block's attention weights.
    pub attentions: Vec<Tensor<4>>,
    /// The embeddings' sum, then each block's output.
    pub hidden: Vec<Tensor<3>>,
    /// The token embeddings alone.
    pub word: Tensor<3>,
    /// The position vectors added to them (zeros when the model adds none:
    /// RoPE and ALiBi act inside attention).
    pub position: Tensor<3>,
}

impl Gpt {
    /// The longest input trained on: the window writing keeps.
    pub fn context(&self) -> usize {
        self.context
    }

    /// The furthest position the model can read: the learned table's end,
    /// RoPE's table's, or no end.
    pub fn reach(&self) -> usize {
        match (&self.position, self.positions) {
            (Some(table), _) => table.weight.dims()[0],
            (None, Positions::Rope) => positions::ROPE_REACH,
            (None, _) => usize::MAX,
        }
    }

    /// Scores for the token after each position.
    ///
    /// # Shapes
    /// - ids: [batch, seq], seq at most [`Gpt::reach`]
    /// - returns: logits [batch, seq, vocab], attentions [batch, heads, seq, seq]
    ///   (one per block), hidden [batch, seq, d_model] (blocks + 1), word and
    ///   position [batch, seq, d_model]
    pub fn forward(&self, ids: Tensor<2, Int>) -> GptOutput {
        self.forward_cached(ids, None)
    }

    /// Scores for the token after each of the positions in `ids`, which
    /// follow those `cache` holds (whose keys and values it reuses and to
    /// which it appends the new ones); without a cache, from position 0.
    ///
    /// # Shapes
    /// - ids: [batch, seq], cached + seq at most [`Gpt::reach`]
    /// - returns: as [`Gpt::forward`], attentions [batch, heads, seq, cached + seq]
    pub fn forward_cached(&self, ids: Tensor<2, Int>, cache: Option<&mut KvCache>) -> GptOutput {
        self.forward_tapped(ids, cache, &mut |_, x| x)
    }

    /// [`Gpt::forward_cached`], every input of a matrix passed through
    /// `tap` on its way in (see [`super::tap`]).
    ///
    /// # Shapes
    /// - as [`Gpt::forward_cached`]
    pub fn forward_tapped(
        &self,
        ids: Tensor<2, Int>,
        mut cache: Option<&mut KvCache>,
        tap: &mut Tap<'_>,
    ) -> GptOutput {
        let [batch, seq] = ids.dims();
        let offset = cache.as_ref().map_or(0, |c| c.len());
        assert!(
            offset + seq <= self.reach(),
            "{} tokens exceed the {} positions this model can read",
            offset + seq,
            self.reach()
        );
        let device = ids.device();
        let word = self.token.forward(ids);
        let d_model = word.dims()[2];
        let position = match (&self.position, self.positions) {
            (Some(table), _) => {
                let at = Tensor::<1, Int>::arange(offset as i64..(offset + seq) as i64, &device)
                    .reshape([1, seq]);
                table.forward(at).expand([batch, seq, d_model])
            }
            (None, Positions::Sinusoidal) => positions::sinusoids(offset, seq, d_model, &device)
                .reshape([1, seq, d_model])
                .expand([batch, seq, d_model]),
            _ => Tensor::zeros([batch, seq, d_model], &device),
        };
        let mut x = word.clone() + position.clone();
        let mut attentions = Vec::with_capacity(self.blocks.len());
        let mut hidden = Vec::with_capacity(self.blocks.len() + 1);
        for (i, block) in self.blocks.iter().enumerate() {
            hidden.push(x.clone());
            let layer = cache.as_deref_mut().map(|c| &mut c.layers[i]);
            let out = block.forward_tapped(x, layer, i, tap);
            x = out.context;
            attentions.push(out.weights);
        }
        hidden.push(x.clone());
        let head = Site {
            layer: self.blocks.len() as u32,
            kind: SiteKind::Head,
        };
        let x = tap(head, self.final_norm.forward(x)).reshape([batch * seq, d_model]);
        let logits = match &self.head {
            Some(head) => head.forward(x),
            None => x.matmul(self.token.weight.val().transpose()),
        };
        let vocab = logits.dims()[1];
        GptOutput {
            logits: logits.reshape([batch, seq, vocab]),
            attentions,
            hidden,
            word,
            position,
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::nn::loss::CrossEntropyLossConfig;
    use burn::optim::{AdamConfig, GradientsParams};
    use burn::tensor::TensorData;

    use super::*;

    fn tiny(tie: bool, pre_norm: bool) -> GptConfig {
        GptConfig::new(11)
            .with_context(8)
            .with_d_model(16)
            .with_n_heads(4)
            .with_n_layers(2)
            .with_tie_embeddings(tie)
            .with_pre_norm(pre_norm)
    }

    fn ids(values: Vec<i64>, batch: usize, device: &Device) -> Tensor<2, Int> {
        let seq = values.len() / batch;
        Tensor::from_data(TensorData::new(values, [batch, seq]), device)
    }

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        t.into_data().try_to_vec::<f32>().unwrap()
    }

    #[test]
    fn a_tap_sees_every_matrix_input_and_changes_nothing_it_returns() {
        let device = Device::flex();
        for pre_norm in [true, false] {
            let model = tiny(false, pre_norm).init(&device);
            let input = ids((0..10).collect(), 2, &device);
            let plain = values(model.forward(input.clone()).logits);
            let mut seen = Vec::new();
            let tapped = model.forward_tapped(input.clone(), None, &mut |site, x| {
                seen.push((site, x.dims()));
                x
            });
            assert_eq!(values(tapped.logits), plain);
            let kinds: Vec<SiteKind> = seen.iter().map(|(s, _)| s.kind).collect();
            use SiteKind::*;
            assert_eq!(
                kinds,
                [
                    Attention, Context, Mlp, Hidden, Attention, Context, Mlp, Hidden, Head
                ]
            );
            assert_eq!(seen[3].1, [2, 5, 64], "the MLP's hidden width");
            // A tap that zeroes the head's input leaves only the output layer's bias.
            let zeroed = model.forward_tapped(input.clone(), None, &mut |site, x| {
                if site.kind == Head { x.zeros_like() } else { x }
            });
            assert_ne!(values(zeroed.logits), plain);
        }
    }

    #[test]
    fn shapes_and_attention_that_never_looks_ahead() {
        let device = Device::flex();
        for pre_norm in [true, false] {
            let model = tiny(true, pre_norm).init(&device);
            let out = model.forward(ids((0..10).collect(), 2, &device));
            assert_eq!(out.logits.dims(), [2, 5, 11]);
            assert_eq!(out.attentions.len(), 2);
            assert_eq!(out.attentions[1].dims(), [2, 4, 5, 5]);
            let w = values(out.attentions[0].clone());
            for (n, row) in w.chunks(5).enumerate() {
                let i = n % 5;
                assert!(
                    (row.iter().sum::<f32>() - 1.0).abs() < 1e-5,
                    "rows sum to 1"
                );
                assert!(
                    row[i + 1..].iter().all(|&p| p == 0.0),
                    "row {i} looks ahead: {row:?}"
                );
            }
        }
    }

    #[test]
    fn a_later_token_changes_no_earlier_score() {
        let device = Device::flex();
        let model = tiny(false, true).init(&device);
        let a = values(
            model
                .forward(ids(vec![1, 2, 3, 4, 5, 6], 1, &device))
                .logits,
        );
        let b = values(
            model
                .forward(ids(vec![1, 2, 3, 9, 9, 9], 1, &device))
                .logits,
        );
        let first_three = 3 * 11;
        let worst = a[..first_three]
            .iter()
            .zip(&b[..first_three])
            .map(|(x, y)| f64::from((x - y).abs()))
            .fold(0.0, crate::reference::worst);
        assert!(worst < 1e-5, "positions 0-2 changed by {worst}");
        assert_ne!(
            a[first_three..],
            b[first_three..],
            "later positions do see the change"
        );
    }

    #[test]
    fn tying_the_output_to_the_embedding_saves_its_matrix() {
        let device = Device::flex();
        let tied = tiny(true, true).init(&device).num_params();
        let untied = tiny(false, true).init(&device).num_params();
        assert_eq!(untied - tied, 16 * 11 + 11, "the head's weights and biases");
    }

    #[test]
    fn overfits_one_batch() {
        let device = Device::flex().autodiff();
        device.seed(3);
        let mut model = tiny(true, true).init(&device);
        let mut optim = AdamConfig::new().init();
        let text: Vec<i64> = [1, 2, 3, 4, 5, 6, 7, 8, 9].repeat(2);
        let inputs = ids(text[..16].to_vec(), 2, &device);
        let targets =
            Tensor::<1, Int>::from_data(TensorData::new(text[1..17].to_vec(), [16]), &device);
        let loss_fn = CrossEntropyLossConfig::new().init(&device);
        let mut losses = Vec::new();
        for _ in 0..80 {
            let logits = model.forward(inputs.clone()).logits.reshape([16, 11]);
            let loss = loss_fn.forward(logits, targets.clone());
            losses.push(values(loss.clone().inner())[0]);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(3e-3, model, grads);
        }
        let (first, last) = (losses[0], losses[losses.len() - 1]);
        assert!(first > 2.0, "starts near ln 11 = 2.4: {first}");
        assert!(last < 0.2 * first, "{first} -> {last}");
    }

    fn every_variant() -> Vec<GptConfig> {
        let mut all: Vec<GptConfig> = Positions::ALL
            .iter()
            .map(|&p| tiny(true, true).with_positions(p).with_reach(16))
            .collect();
        all.push(
            tiny(false, true)
                .with_norm(NormKind::RmsNorm)
                .with_mlp(MlpKind::SwiGlu)
                .with_positions(Positions::Rope)
                .with_kv_heads(2),
        );
        all.push(
            tiny(true, false)
                .with_kv_heads(1)
                .with_positions(Positions::Alibi),
        );
        all
    }

    #[test]
    fn the_cache_gives_the_same_scores_as_the_whole_text() {
        let device = Device::flex();
        let text: Vec<i64> = vec![3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        for config in every_variant() {
            let model = config.init(&device);
            let whole = values(model.forward(ids(text.clone(), 1, &device)).logits);
            // a prompt of 4 at once, then one token at a time.
            let mut cache = KvCache::new(2);
            let mut stepped = values(
                model
                    .forward_cached(ids(text[..4].to_vec(), 1, &device), Some(&mut cache))
                    .logits,
            );
            for &t in &text[4..] {
                stepped.extend(values(
                    model
                        .forward_cached(ids(vec![t], 1, &device), Some(&mut cache))
                        .logits,
                ));
            }
            assert_eq!(cache.len(), text.len());
            let worst = whole
                .iter()
                .zip(&stepped)
                .map(|(a, b)| f64::from((a - b).abs()))
                .fold(0.0, crate::reference::worst);
            assert!(worst < 1e-5, "{config:?}: cached scores differ by {worst}");
            let d_k = 16 / 4;
            let kv = if config.kv_heads == 0 {
                4
            } else {
                config.kv_heads
            };
            assert_eq!(
                cache.bytes(4),
                super::super::cache_bytes(2, kv, d_k, text.len(), 4),
                "{config:?}: the tensors held against 2 × layers × K/V heads × d_k × tokens × 4"
            );
        }
    }

    #[test]
    fn every_variant_stays_causal() {
        let device = Device::flex();
        for config in every_variant() {
            let model = config.init(&device);
            let a = values(
                model
                    .forward(ids(vec![1, 2, 3, 4, 5, 6], 1, &device))
                    .logits,
            );
            let b = values(
                model
                    .forward(ids(vec![1, 2, 3, 9, 9, 9], 1, &device))
                    .logits,
            );
            let worst = a[..33]
                .iter()
                .zip(&b[..33])
                .map(|(x, y)| f64::from((x - y).abs()))
                .fold(0.0, crate::reference::worst);
            assert!(worst < 1e-5, "{config:?}: positions 0-2 changed by {worst}");
        }
    }

    #[test]
    fn grouped_query_attention_is_multi_head_with_shared_keys() {
        // A model with 2 K/V heads for 4 query heads against a multi-head
        // one whose key and value heads 0, 1 are GQA's head 0 and 2, 3 its
        // head 1: the same scores.
        let device = Device::flex();
        let gqa = tiny(true, true).with_kv_heads(2).init(&device);
        let mut mha = tiny(true, true).with_kv_heads(4).init(&device);
        let d_k = 4;
        let widen = |l: &Linear| -> (Tensor<2>, Tensor<1>) {
            let w = l.weight.val(); // [d_model, 2 · d_k]
            let b = l.bias.as_ref().unwrap().val();
            let heads: Vec<usize> = vec![0, 0, 1, 1];
            let w = Tensor::cat(
                heads
                    .iter()
                    .map(|&h| w.clone().narrow(1, h * d_k, d_k))
                    .collect(),
                1,
            );
            let b = Tensor::cat(
                heads
                    .iter()
                    .map(|&h| b.clone().narrow(0, h * d_k, d_k))
                    .collect(),
                0,
            );
            (w, b)
        };
        mha.token = gqa.token.clone();
        mha.position = gqa.position.clone();
        mha.final_norm = gqa.final_norm.clone();
        for (to, from) in mha.blocks.iter_mut().zip(&gqa.blocks) {
            let (attention, key, value) =
                (&from.attention, &from.attention.key, &from.attention.value);
            *to = from.clone();
            let (kw, kb) = widen(key);
            let (vw, vb) = widen(value);
            to.attention.kv_heads = 4;
            to.attention.key = LinearConfig::new(16, 16).init(&device);
            to.attention.value = LinearConfig::new(16, 16).init(&device);
            to.attention.key.weight = burn::module::Param::from_tensor(kw);
            to.attention.key.bias = Some(burn::module::Param::from_tensor(kb));
            to.attention.value.weight = burn::module::Param::from_tensor(vw);
            to.attention.value.bias = Some(burn::module::Param::from_tensor(vb));
            assert_eq!(attention.kv_heads, 2);
        }
        let input = ids(vec![5, 2, 7, 1, 0, 3], 1, &device);
        let a = values(gqa.forward(input.clone()).logits);
        let b = values(mha.forward(input).logits);
        let worst = a
            .iter()
            .zip(&b)
            .map(|(x, y)| f64::from((x - y).abs()))
            .fold(0.0, crate::reference::worst);
        assert!(worst < 1e-5, "GQA against widened MHA: {worst}");
        assert!(
            gqa.num_params() < mha.num_params(),
            "fewer key and value weights"
        );
    }

    #[test]
    fn the_learned_table_ends_where_positions_end_and_the_others_read_on() {
        let device = Device::flex();
        let learned = tiny(true, true).init(&device);
        assert_eq!(learned.reach(), 8);
        let longer = tiny(true, true).with_reach(32).init(&device);
        assert_eq!(longer.reach(), 32);
        assert_eq!(longer.context(), 8);
        for p in [Positions::None, Positions::Sinusoidal, Positions::Alibi] {
            let model = tiny(true, true).with_positions(p).init(&device);
            assert!(model.position.is_none());
            let out = model.forward(ids((0..40).map(|i| i % 11).collect(), 1, &device));
            assert!(
                values(out.logits).iter().all(|v| v.is_finite()),
                "{p:?} past its context"
            );
        }
    }
}

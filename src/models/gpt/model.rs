//! The whole decoder: embeddings, the blocks, the final norm and the output
//! layer that turns each position's vector into next-token scores.

use burn::config::Config;
use burn::module::Module;
use burn::nn::{
    Embedding, EmbeddingConfig, Initializer, LayerNorm, LayerNormConfig, Linear, LinearConfig,
};
use burn::tensor::{Device, Int, Tensor};

use super::block::{Block, BlockConfig};

/// A small GPT by default: what trains in a page in minutes.
#[derive(Config, Debug)]
pub struct GptConfig {
    /// Vocabulary size.
    pub vocab_size: usize,
    /// Longest input, in tokens (the learned positions there are).
    #[config(default = 64)]
    pub context: usize,
    /// Model width; a multiple of `n_heads`.
    #[config(default = 128)]
    pub d_model: usize,
    /// Attention heads per block.
    #[config(default = 4)]
    pub n_heads: usize,
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
    /// LayerNorm before each branch (GPT-2) or after each residual sum.
    #[config(default = true)]
    pub pre_norm: bool,
}

impl GptConfig {
    /// Build the model with fresh weights.
    pub fn init(&self, device: &Device) -> Gpt {
        let block = BlockConfig::new(self.d_model, self.n_heads)
            .with_mlp_ratio(self.mlp_ratio)
            .with_dropout(self.dropout)
            .with_pre_norm(self.pre_norm);
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
            position: EmbeddingConfig::new(self.context, self.d_model)
                .with_initializer(small)
                .init(device),
            blocks: (0..self.n_layers).map(|_| block.init(device)).collect(),
            final_norm: LayerNormConfig::new(self.d_model).init(device),
            head: (!self.tie_embeddings)
                .then(|| LinearConfig::new(self.d_model, self.vocab_size).init(device)),
        }
    }
}

/// A decoder-only Transformer.
#[derive(Module, Debug)]
pub struct Gpt {
    /// Token embedding; also the output layer when tied.
    pub token: Embedding,
    /// Learned absolute positions.
    pub position: Embedding,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// LayerNorm before the output layer.
    pub final_norm: LayerNorm,
    /// The output layer, when not tied to the token embedding.
    pub head: Option<Linear>,
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
    /// The position embeddings alone.
    pub position: Tensor<3>,
}

impl Gpt {
    /// The longest input the positions cover.
    pub fn context(&self) -> usize {
        self.position.weight.dims()[0]
    }

    /// Scores for the token after each position.
    ///
    /// # Shapes
    /// - ids: [batch, seq], seq at most [`Gpt::context`]
    /// - returns: logits [batch, seq, vocab], attentions [batch, heads, seq, seq]
    ///   (one per block), hidden [batch, seq, d_model] (blocks + 1), word and
    ///   position [batch, seq, d_model]
    pub fn forward(&self, ids: Tensor<2, Int>) -> GptOutput {
        let [batch, seq] = ids.dims();
        assert!(
            seq <= self.context(),
            "{seq} tokens exceed the context of {}",
            self.context()
        );
        let device = ids.device();
        let positions = Tensor::<1, Int>::arange(0..seq as i64, &device).reshape([1, seq]);
        let word = self.token.forward(ids);
        let d_model = word.dims()[2];
        let position = self
            .position
            .forward(positions)
            .expand([batch, seq, d_model]);
        let mut x = word.clone() + position.clone();
        let mut attentions = Vec::with_capacity(self.blocks.len());
        let mut hidden = Vec::with_capacity(self.blocks.len() + 1);
        for block in &self.blocks {
            hidden.push(x.clone());
            let out = block.forward(x);
            x = out.context;
            attentions.push(out.weights);
        }
        hidden.push(x.clone());
        let x = self.final_norm.forward(x).reshape([batch * seq, d_model]);
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
}

//! The whole encoder: embeddings, the stack of layers, and the sentence
//! embedding (mean pooling then L2 normalisation, as sentence-transformers
//! does for all-MiniLM-L6-v2).

use burn::config::Config;
use burn::module::Module;
use burn::tensor::{Device, Int, Tensor};

use super::embeddings::{BertEmbeddings, BertEmbeddingsConfig};
use super::layer::{BertLayer, BertLayerConfig};

/// all-MiniLM-L6-v2's shape by default.
#[derive(Config, Debug)]
pub struct BertConfig {
    /// Vocabulary size.
    #[config(default = 30522)]
    pub vocab_size: usize,
    /// Hidden size.
    #[config(default = 384)]
    pub d_model: usize,
    /// Attention heads.
    #[config(default = 12)]
    pub n_heads: usize,
    /// Feed-forward width.
    #[config(default = 1536)]
    pub d_ff: usize,
    /// Layers.
    #[config(default = 6)]
    pub n_layers: usize,
    /// Longest input, in tokens.
    #[config(default = 512)]
    pub max_positions: usize,
}

impl BertConfig {
    /// Build the encoder (weights loaded after, see [`super::load_safetensors`]).
    pub fn init(&self, device: &Device) -> Bert {
        let layer = BertLayerConfig::new(self.d_model, self.n_heads, self.d_ff);
        Bert {
            embeddings: BertEmbeddingsConfig::new(self.vocab_size, self.d_model)
                .with_max_positions(self.max_positions)
                .init(device),
            layers: (0..self.n_layers).map(|_| layer.init(device)).collect(),
        }
    }
}

/// The encoder.
#[derive(Module, Debug)]
pub struct Bert {
    /// Input embeddings.
    pub embeddings: BertEmbeddings,
    /// The layers, in order.
    pub layers: Vec<BertLayer>,
}

/// Everything one forward pass shows.
pub struct BertOutput {
    /// Word embeddings of the input tokens.
    pub word_embeddings: Tensor<3>,
    /// Position embeddings of the input positions.
    pub position_embeddings: Tensor<3>,
    /// Hidden states: the embeddings' output, then each layer's.
    pub hidden_states: Vec<Tensor<3>>,
    /// Each layer's attention probabilities.
    pub attentions: Vec<Tensor<4>>,
    /// Mean-pooled, L2-normalised sentence embedding.
    pub sentence_embedding: Tensor<2>,
}

impl Bert {
    /// Run the encoder on one unpadded batch of token ids.
    ///
    /// # Shapes
    /// - ids: [batch, seq]
    /// - returns: hidden states [batch, seq, d_model] (n_layers + 1 of them),
    ///   attentions [batch, heads, seq, seq], sentence embedding [batch, d_model]
    pub fn forward(&self, ids: Tensor<2, Int>) -> BertOutput {
        let parts = self.embeddings.forward(ids);
        let mut hidden = parts.output;
        let mut hidden_states = vec![hidden.clone()];
        let mut attentions = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let out = layer.forward(hidden);
            hidden = out.hidden;
            hidden_states.push(hidden.clone());
            attentions.push(out.attention);
        }
        let pooled: Tensor<2> = hidden.mean_dim(1).squeeze_dim(1);
        let norm = pooled.clone().square().sum_dim(1).sqrt().clamp_min(1e-12);
        BertOutput {
            word_embeddings: parts.word,
            position_embeddings: parts.position,
            hidden_states,
            attentions,
            sentence_embedding: pooled / norm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::TensorData;

    #[test]
    fn shapes_probabilities_and_unit_embeddings() {
        let device = Device::flex();
        let model = BertConfig::new()
            .with_vocab_size(50)
            .with_d_model(16)
            .with_n_heads(4)
            .with_d_ff(32)
            .with_n_layers(2)
            .with_max_positions(8)
            .init(&device);
        let ids = Tensor::<2, Int>::from_data(
            TensorData::new(vec![1i64, 2, 3, 4, 5, 6], [2, 3]),
            &device,
        );
        let out = model.forward(ids);
        assert_eq!(out.hidden_states.len(), 3);
        assert_eq!(out.hidden_states[2].dims(), [2, 3, 16]);
        assert_eq!(out.attentions[1].dims(), [2, 4, 3, 3]);
        let rows = out.attentions[0]
            .clone()
            .sum_dim(3)
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        assert!(
            rows.iter().all(|s| (s - 1.0).abs() < 1e-5),
            "attention rows sum to 1"
        );
        let norms = out
            .sentence_embedding
            .square()
            .sum_dim(1)
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        assert!(
            norms.iter().all(|n| (n - 1.0).abs() < 1e-5),
            "sentence embeddings are unit vectors"
        );
    }
}

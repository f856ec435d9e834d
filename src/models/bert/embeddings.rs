//! BERT's input: word + position + token-type embeddings, then LayerNorm.

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Embedding, EmbeddingConfig, LayerNorm, LayerNormConfig};
use burn::tensor::{Device, Int, Tensor};

/// Sizes of the embedding tables.
#[derive(Config, Debug)]
pub struct BertEmbeddingsConfig {
    /// Vocabulary size (30,522 for BERT's uncased WordPiece).
    pub vocab_size: usize,
    /// Longest input, in tokens.
    #[config(default = 512)]
    pub max_positions: usize,
    /// Token types (segments A and B).
    #[config(default = 2)]
    pub type_vocab_size: usize,
    /// Hidden size.
    pub d_model: usize,
    /// LayerNorm epsilon (BERT uses 1e-12).
    #[config(default = 1e-12)]
    pub layer_norm_eps: f64,
}

impl BertEmbeddingsConfig {
    /// Build the (randomly initialised) tables; load weights after.
    pub fn init(&self, device: &Device) -> BertEmbeddings {
        BertEmbeddings {
            word_embeddings: EmbeddingConfig::new(self.vocab_size, self.d_model).init(device),
            position_embeddings: EmbeddingConfig::new(self.max_positions, self.d_model)
                .init(device),
            token_type_embeddings: EmbeddingConfig::new(self.type_vocab_size, self.d_model)
                .init(device),
            layer_norm: LayerNormConfig::new(self.d_model)
                .with_epsilon(self.layer_norm_eps)
                .init(device),
        }
    }
}

/// The three embedding tables and their LayerNorm.
#[derive(Module, Debug)]
pub struct BertEmbeddings {
    /// One vector per vocabulary entry.
    pub word_embeddings: Embedding,
    /// One vector per position (learned, not sinusoidal).
    pub position_embeddings: Embedding,
    /// One vector per segment.
    pub token_type_embeddings: Embedding,
    /// Normalises their sum.
    pub layer_norm: LayerNorm,
}

/// The parts of the input representation, for the embeddings view.
pub struct EmbeddingParts {
    /// Word embeddings alone.
    pub word: Tensor<3>,
    /// Position embeddings alone.
    pub position: Tensor<3>,
    /// LayerNorm(word + position + token type): the first layer's input.
    pub output: Tensor<3>,
}

impl BertEmbeddings {
    /// Embed token ids (segment A only).
    ///
    /// # Shapes
    /// - ids: [batch, seq]
    /// - returns: each part [batch, seq, d_model]
    pub fn forward(&self, ids: Tensor<2, Int>) -> EmbeddingParts {
        let [batch, seq] = ids.dims();
        let device = ids.device();
        let positions = Tensor::<1, Int>::arange(0..seq as i64, &device)
            .reshape([1, seq])
            .repeat_dim(0, batch);
        let types = Tensor::<2, Int>::zeros([batch, seq], &device);
        let word = self.word_embeddings.forward(ids);
        let position = self.position_embeddings.forward(positions);
        let token_type = self.token_type_embeddings.forward(types);
        let output = self
            .layer_norm
            .forward(word.clone() + position.clone() + token_type);
        EmbeddingParts {
            word,
            position,
            output,
        }
    }
}

//! Reading tensors back to the CPU, the one way that works on wasm too:
//! asynchronously, in one [`Transaction`] per batch of outputs so a GPU
//! backend pays one round trip, not one per tensor.

use burn::tensor::{Tensor, TensorData, Transaction};

/// Execute `tx` and return its tensors' data, in registration order.
pub async fn read(tx: Transaction, what: &str) -> Result<Vec<TensorData>, String> {
    tx.execute_async()
        .await
        .map_err(|e| format!("reading {what}: {e:?}"))
}

/// Execute `tx` and return every tensor as f32 values.
pub async fn read_f32(tx: Transaction, what: &str) -> Result<Vec<Vec<f32>>, String> {
    read(tx, what)
        .await?
        .into_iter()
        .map(|d| f32s(d, what))
        .collect()
}

/// The one value of `scalar` (a loss, a mean).
///
/// # Shapes
/// - scalar: [1]
pub async fn read_scalar(scalar: Tensor<1>, what: &str) -> Result<f32, String> {
    read_f32(Transaction::default().register(scalar), what)
        .await?
        .pop()
        .and_then(|v| v.first().copied())
        .ok_or_else(|| format!("missing {what}"))
}

/// One tensor's data as f32 values.
pub fn f32s(data: TensorData, what: &str) -> Result<Vec<f32>, String> {
    data.try_into_vec::<f32>()
        .map_err(|e| format!("reading {what}: {e:?}"))
}

/// One integer tensor's data as i64, whichever integer width the backend uses.
pub fn i64s(data: TensorData, what: &str) -> Result<Vec<i64>, String> {
    data.clone()
        .try_into_vec::<i64>()
        .or_else(|_| {
            data.try_into_vec::<i32>()
                .map(|v| v.into_iter().map(i64::from).collect())
        })
        .map_err(|e| format!("reading {what}: {e:?}"))
}

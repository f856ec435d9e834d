//! Build step (run by `cargo xtask assets`): convert all-MiniLM-L6-v2's f32
//! safetensors into the int8 web asset. Usage: convert-minilm IN OUT

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        return Err("usage: convert-minilm IN.safetensors OUT.safetensors".into());
    };
    let bytes = std::fs::read(input).map_err(|e| format!("{input}: {e}"))?;
    let packed = kindling::models::int8::quantize(&bytes)?;
    std::fs::write(output, &packed).map_err(|e| format!("{output}: {e}"))?;
    println!(
        "{input} ({} bytes) -> {output} ({} bytes, int8, one scale per 64 values)",
        bytes.len(),
        packed.len()
    );
    Ok(())
}

use cce_errors::CceError;

#[derive(CceError)]
union Bits {
    a: u32,
    b: f32,
}

fn main() {}

//! Declares a service's errors once and prints, for each variant, what a
//! client receives (status and body) and what an operator sees (`Display`
//! and the source chain).
//!
//! Run it with `cargo run --example quickstart`.

use std::error::Error as _;

use cce_errors::CceError;

/// Errors of an add-on module, composed into the service-wide enum below.
#[derive(Debug, CceError)]
enum AddonError {
    #[cce(code = "CCE.03409001")]
    AlreadyInstalled,
    #[cce(code = "CCE.03400002", detail = "add-on {addon} has no access key")]
    MissingAccessKey { addon: String },
}

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(
        code = "CCE.01400002",
        status = 400,
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error),
    #[cce(transparent)]
    Addon(#[from] AddonError),
}

fn main() -> Result<(), serde_json::Error> {
    let samples = [
        ClusterError::NotFound,
        ClusterError::SubnetNotInVpc {
            subnet_id: "subnet-7f3a".into(),
            vpc_id: "vpc-01".into(),
        },
        ClusterError::from(std::io::Error::other("disk /var/lib/etcd is full")),
        ClusterError::from(AddonError::MissingAccessKey {
            addon: "everest".into(),
        }),
    ];
    for error in &samples {
        println!("{error:?}");
        println!("  status:  {}", error.status());
        println!("  body:    {}", serde_json::to_string(error)?);
        println!("  display: {error}");
        let mut source = error.source();
        while let Some(cause) = source {
            println!("  caused by: {cause}");
            source = cause.source();
        }
        println!();
    }

    // A client decodes the body it received back into the typed error.
    let received = serde_json::to_vec(&ClusterError::NotFound)?;
    let body: cce_errors::ErrorBody = serde_json::from_slice(&received)?;
    let decoded = ClusterError::from_body(&body);
    println!(
        "decoded {} -> {decoded:?}",
        String::from_utf8_lossy(&received)
    );
    Ok(())
}

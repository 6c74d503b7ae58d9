//! Integration tests of `cce-errors`, one file per topic in `tests/`. This
//! library holds what several of them share: the sample error types.

pub mod stack;

use std::io;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use cce_errors::CceError;

/// Errors of an add-on module, composed into [`ClusterError`] through a
/// transparent variant.
#[derive(Debug, CceError)]
pub enum AddonError {
    /// A variant without fields or detail.
    #[cce(code = "CCE.03409001")]
    AlreadyInstalled,
    /// A detail naming a field.
    #[cce(code = "CCE.03400002", detail = "add-on {addon} has no access key")]
    MissingAccessKey {
        /// The add-on's name.
        addon: String,
    },
    /// A detail beside a source, which the detail must not name.
    #[cce(code = "CCE.03500001", detail = "while installing {0}")]
    Io(&'static str, #[source] io::Error),
}

/// The service-wide enum of the foundation issue.
#[derive(Debug, CceError)]
pub enum ClusterError {
    /// A variant without fields or detail.
    #[cce(code = "CCE.01404001")]
    NotFound,
    /// A detail naming two fields, with the optional `status`.
    #[cce(
        code = "CCE.01400002",
        status = 400,
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    SubnetNotInVpc {
        /// The subnet asked for.
        subnet_id: String,
        /// The VPC it is not in.
        vpc_id: String,
    },
    /// A `#[from]` source whose text stays internal.
    #[cce(code = "CCE.01500001")]
    Storage(#[from] io::Error),
    /// A module's errors, delegated to.
    #[cce(transparent)]
    Addon(#[from] AddonError),
    /// A detail that is one positional field.
    #[cce(code = "CCE.01400008", detail = "{0}")]
    Quota(&'static str),
}

/// One fieldless variant per code of the table, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, CceError)]
pub enum EveryCode {
    #[cce(code = "CCE.01400001")]
    E01400001,
    #[cce(code = "CCE.01400002")]
    E01400002,
    #[cce(code = "CCE.01400003")]
    E01400003,
    #[cce(code = "CCE.01400004")]
    E01400004,
    #[cce(code = "CCE.01400005")]
    E01400005,
    #[cce(code = "CCE.01400006")]
    E01400006,
    #[cce(code = "CCE.01400007")]
    E01400007,
    #[cce(code = "CCE.01400008")]
    E01400008,
    #[cce(code = "CCE.01400009")]
    E01400009,
    #[cce(code = "CCE.01400010")]
    E01400010,
    #[cce(code = "CCE.01400011")]
    E01400011,
    #[cce(code = "CCE.01400012")]
    E01400012,
    #[cce(code = "CCE.01400013")]
    E01400013,
    #[cce(code = "CCE.01400014")]
    E01400014,
    #[cce(code = "CCE.01400015")]
    E01400015,
    #[cce(code = "CCE.01400016")]
    E01400016,
    #[cce(code = "CCE.01400017")]
    E01400017,
    #[cce(code = "CCE.01400018")]
    E01400018,
    #[cce(code = "CCE.01400019")]
    E01400019,
    #[cce(code = "CCE.01400020")]
    E01400020,
    #[cce(code = "CCE.01400021")]
    E01400021,
    #[cce(code = "CCE.01400022")]
    E01400022,
    #[cce(code = "CCE.02400001")]
    E02400001,
    #[cce(code = "CCE.03400001")]
    E03400001,
    #[cce(code = "CCE.03400002")]
    E03400002,
    #[cce(code = "CCE.01401001")]
    E01401001,
    #[cce(code = "CCE.02401001")]
    E02401001,
    #[cce(code = "CCE.03401001")]
    E03401001,
    #[cce(code = "CCE.01403001")]
    E01403001,
    #[cce(code = "CCE.02403001")]
    E02403001,
    #[cce(code = "CCE.03403001")]
    E03403001,
    #[cce(code = "CCE.01404001")]
    E01404001,
    #[cce(code = "CCE.02404001")]
    E02404001,
    #[cce(code = "CCE.03404001")]
    E03404001,
    #[cce(code = "CCE.01409001")]
    E01409001,
    #[cce(code = "CCE.01409002")]
    E01409002,
    #[cce(code = "CCE.02409001")]
    E02409001,
    #[cce(code = "CCE.03409001")]
    E03409001,
    #[cce(code = "CCE.01429002")]
    E01429002,
    #[cce(code = "CCE.02429001")]
    E02429001,
    #[cce(code = "CCE.01500001")]
    E01500001,
    #[cce(code = "CCE.02500001")]
    E02500001,
    #[cce(code = "CCE.03500001")]
    E03500001,
}

/// Everything `cce_errors` logs at debug and above in this test process, in
/// one buffer: a global subscriber installed on first use. A per-thread
/// default subscriber is not enough, because tests without one, running on
/// other threads at the same time, can make `tracing` cache a callsite as
/// disabled. Tests find their own lines by their request ids and markers.
///
/// # Panics
///
/// If something else set a global subscriber in this test process.
pub fn global_log() -> Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Log::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("cce_errors=debug"))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .without_time()
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in a test process");
        log
    })
    .clone()
}

/// A log in memory.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<u8>>>);

impl io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Log {
    /// All of it.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }

    /// The lines that contain every one of `parts`.
    pub fn lines_with(&self, parts: &[&str]) -> Vec<String> {
        self.text()
            .lines()
            .filter(|line| parts.iter().all(|part| line.contains(part)))
            .map(str::to_owned)
            .collect()
    }
}

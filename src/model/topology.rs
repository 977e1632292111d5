//! Who is related to whom: the store's topology, frozen (flat arrays) until the
//! first removal, then petgraph's `StableGraph`.
//!
//! Reading a graph needs only each entity's type and each relation's ends and
//! type, which four flat arrays hold with no holes: a loader fills them by
//! appending, a snapshot is read straight into them, and nothing is linked edge
//! by edge. Removing things needs index reuse with petgraph's semantics (the
//! most recently freed slot is handed out first), which the undo journal relies
//! on (`model::journal`): so the first removal thaws the arrays into a
//! `StableGraph`, built by adding the entities and relations in index order, and
//! the graph stays thawed from then on. Additions to a frozen graph append to
//! the arrays, exactly as `StableGraph` appends when it has no free slot, so
//! every index handed out is the one petgraph would have handed out.
//!
//! Both forms answer every read alike; the one difference a caller could see,
//! the order of [`KnowledgeGraph::incident`](super::KnowledgeGraph::incident), is
//! reproduced there from the frozen arrays (petgraph lists a node's relations
//! newest first, and with no removals newest is highest index).

use petgraph::stable_graph::StableGraph;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::{EntityId, RelTypeId, RelationId, TypeId};

/// The petgraph store of a thawed graph.
pub(crate) type Graph = StableGraph<TypeId, RelTypeId, petgraph::Directed, u32>;

/// The flat form: per entity its type, per relation its ends and type.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Frozen {
    pub types: Vec<u32>,
    pub from: Vec<u32>,
    pub to: Vec<u32>,
    pub kinds: Vec<u32>,
}

/// The topology in whichever form is current.
#[derive(Debug, Clone)]
pub(crate) enum Topology {
    Frozen(Frozen),
    Thawed(Graph),
}

impl Default for Topology {
    fn default() -> Self {
        Topology::Frozen(Frozen::default())
    }
}

/// One of two iterators (the frozen form's or petgraph's).
#[derive(Clone)]
pub enum Either<A, B> {
    A(A),
    B(B),
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Either<A, B> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self {
            Either::A(a) => a.next(),
            Either::B(b) => b.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Either::A(a) => a.size_hint(),
            Either::B(b) => b.size_hint(),
        }
    }
}

/// The largest count either form holds: petgraph reserves `u32::MAX` as "no index".
const MAX_INDEX: usize = u32::MAX as usize - 1;

impl Topology {
    pub fn frozen(&self) -> Option<&Frozen> {
        match self {
            Topology::Frozen(f) => Some(f),
            Topology::Thawed(_) => None,
        }
    }

    /// The petgraph store, when thawed.
    pub fn thawed(&self) -> Option<&Graph> {
        match self {
            Topology::Frozen(_) => None,
            Topology::Thawed(g) => Some(g),
        }
    }

    /// The petgraph store, thawing the arrays first if they are frozen.
    ///
    /// # Complexity
    /// O(V + R) the first time (every entity and relation is added to petgraph
    /// in index order), O(1) after.
    pub fn thaw(&mut self) -> &mut Graph {
        if let Topology::Frozen(f) = self {
            let f = std::mem::take(f);
            let mut g = Graph::with_capacity(f.types.len(), f.from.len());
            for &t in &f.types {
                g.add_node(TypeId(t));
            }
            for ((&a, &b), &k) in f.from.iter().zip(&f.to).zip(&f.kinds) {
                g.add_edge(
                    EntityId::new(a as usize),
                    EntityId::new(b as usize),
                    RelTypeId(k),
                );
            }
            *self = Topology::Thawed(g);
        }
        match self {
            Topology::Thawed(g) => g,
            Topology::Frozen(_) => unreachable!("thawed just above"),
        }
    }

    #[inline]
    pub fn node_count(&self) -> usize {
        match self {
            Topology::Frozen(f) => f.types.len(),
            Topology::Thawed(g) => g.node_count(),
        }
    }

    #[inline]
    pub fn edge_count(&self) -> usize {
        match self {
            Topology::Frozen(f) => f.from.len(),
            Topology::Thawed(g) => g.edge_count(),
        }
    }

    /// One more than the highest entity index (removed ones included).
    #[inline]
    pub fn node_bound(&self) -> usize {
        match self {
            Topology::Frozen(f) => f.types.len(),
            Topology::Thawed(g) => g.node_bound(),
        }
    }

    /// One more than the highest relation index (removed ones included).
    #[inline]
    pub fn edge_bound(&self) -> usize {
        match self {
            Topology::Frozen(f) => f.from.len(),
            Topology::Thawed(g) => petgraph::visit::EdgeIndexable::edge_bound(g),
        }
    }

    #[inline]
    pub fn node_type(&self, id: EntityId) -> Option<TypeId> {
        match self {
            Topology::Frozen(f) => f.types.get(id.index()).map(|&t| TypeId(t)),
            Topology::Thawed(g) => g.node_weight(id).copied(),
        }
    }

    #[inline]
    pub fn edge_type(&self, id: RelationId) -> Option<RelTypeId> {
        match self {
            Topology::Frozen(f) => f.kinds.get(id.index()).map(|&k| RelTypeId(k)),
            Topology::Thawed(g) => g.edge_weight(id).copied(),
        }
    }

    /// `(from, type, to)` of a live relation.
    #[inline]
    pub fn edge(&self, id: RelationId) -> Option<(EntityId, RelTypeId, EntityId)> {
        match self {
            Topology::Frozen(f) => {
                let i = id.index();
                let k = *f.kinds.get(i)?;
                Some((
                    EntityId::new(f.from[i] as usize),
                    RelTypeId(k),
                    EntityId::new(f.to[i] as usize),
                ))
            }
            Topology::Thawed(g) => {
                let (a, b) = g.edge_endpoints(id)?;
                Some((a, g[id], b))
            }
        }
    }

    #[inline]
    pub fn contains_node(&self, id: EntityId) -> bool {
        self.node_type(id).is_some()
    }

    /// Live entities in index order.
    pub fn nodes(&self) -> impl Iterator<Item = EntityId> + '_ {
        match self {
            Topology::Frozen(f) => Either::A((0..f.types.len()).map(EntityId::new)),
            Topology::Thawed(g) => Either::B(g.node_indices()),
        }
    }

    /// Live relations in index order.
    pub fn edges(&self) -> impl Iterator<Item = RelationId> + '_ {
        match self {
            Topology::Frozen(f) => Either::A((0..f.from.len()).map(RelationId::new)),
            Topology::Thawed(g) => Either::B(g.edge_indices()),
        }
    }

    /// Every live relation as `(from, to, index)`, in index order.
    pub fn edge_triples(&self) -> impl Iterator<Item = (u32, u32, u32)> + Clone + '_ {
        match self {
            Topology::Frozen(f) => Either::A(
                f.from
                    .iter()
                    .zip(&f.to)
                    .enumerate()
                    .map(|(i, (&a, &b))| (a, b, i as u32)),
            ),
            Topology::Thawed(g) => Either::B(g.edge_references().map(|e| {
                (
                    e.source().index() as u32,
                    e.target().index() as u32,
                    e.id().index() as u32,
                )
            })),
        }
    }

    /// Every live entity's type, in index order.
    pub fn node_types(&self) -> impl Iterator<Item = TypeId> + '_ {
        match self {
            Topology::Frozen(f) => Either::A(f.types.iter().map(|&t| TypeId(t))),
            Topology::Thawed(g) => Either::B(g.node_weights().copied()),
        }
    }

    /// Every live relation's type, in index order.
    pub fn edge_types(&self) -> impl Iterator<Item = RelTypeId> + '_ {
        match self {
            Topology::Frozen(f) => Either::A(f.kinds.iter().map(|&k| RelTypeId(k))),
            Topology::Thawed(g) => Either::B(g.edge_weights().copied()),
        }
    }

    pub fn add_node(&mut self, kind: TypeId) -> EntityId {
        match self {
            Topology::Frozen(f) => {
                assert!(f.types.len() < MAX_INDEX, "too many entities");
                f.types.push(kind.0);
                EntityId::new(f.types.len() - 1)
            }
            Topology::Thawed(g) => g.add_node(kind),
        }
    }

    /// Adds `from —kind→ to`; both ends must be live entities.
    pub fn add_edge(&mut self, from: EntityId, to: EntityId, kind: RelTypeId) -> RelationId {
        match self {
            Topology::Frozen(f) => {
                let n = f.types.len();
                assert!(
                    from.index() < n && to.index() < n,
                    "relation ends from this graph"
                );
                assert!(f.from.len() < MAX_INDEX, "too many relations");
                f.from.push(from.index() as u32);
                f.to.push(to.index() as u32);
                f.kinds.push(kind.0);
                RelationId::new(f.from.len() - 1)
            }
            Topology::Thawed(g) => g.add_edge(from, to, kind),
        }
    }

    /// Removes a relation (thawing first); returns its ends and type.
    pub fn remove_edge(&mut self, id: RelationId) -> Option<(EntityId, RelTypeId, EntityId)> {
        self.edge(id)?;
        let g = self.thaw();
        let (a, b) = g.edge_endpoints(id)?;
        let kind = g.remove_edge(id)?;
        Some((a, kind, b))
    }

    /// Removes an entity (thawing first); returns its type.
    pub fn remove_node(&mut self, id: EntityId) -> Option<TypeId> {
        self.node_type(id)?;
        self.thaw().remove_node(id)
    }

    pub fn reserve(&mut self, nodes: usize, edges: usize) {
        match self {
            Topology::Frozen(f) => {
                f.types.reserve(nodes);
                f.from.reserve(edges);
                f.to.reserve(edges);
                f.kinds.reserve(edges);
            }
            Topology::Thawed(g) => {
                g.reserve_nodes(nodes);
                g.reserve_edges(edges);
            }
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Topology::Frozen(f) => {
                (f.types.capacity() + f.from.capacity() + f.to.capacity() + f.kinds.capacity()) * 4
            }
            // StableGraph keeps `Option<weight>` plus links: 16 bytes a node, 24 an edge.
            Topology::Thawed(g) => g.capacity().0 * 16 + g.capacity().1 * 24,
        }
    }
}

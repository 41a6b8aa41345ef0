/**
 * The region tree (区划树), as DHIS2's organisation-unit tree: it starts at the user's scope region,
 * loads the children of a node when it is opened (`GET /api/regions?filter={"parentId"}`, one
 * request per node: a province has 26k regions), and searches on the server (`filter={"q"}`, at most
 * SEARCH_LIMIT matches, inside the scope): the matches are shown with the path down to each, opened.
 *
 * Keyboard (WAI-ARIA tree pattern): one item is in the tab order; Up/Down move, Right opens or goes
 * to the first child, Left closes or goes to the parent, Home/End, Enter or Space selects.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Box, CircularProgress, InputAdornment, TextField, Typography } from '@mui/material';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import SearchIcon from '@mui/icons-material/Search';
import { useDataProvider, useTranslate } from 'react-admin';
import { getUser } from '../providers/session.ts';
import type { Region } from '../types.ts';
import { useEnumLabel } from './enums.tsx';

/** Matches asked for per search (the API caps a page anyway). */
export const SEARCH_LIMIT = 20;
const CODE_LENGTHS = [2, 4, 6, 9];

/** The codes above `code` and at or below `root` (codes nest by prefix: 2, 4, 6, 9, 12 digits). */
function pathTo(code: string, root: string): string[] {
  return CODE_LENGTHS.filter((n) => n >= root.length && n < code.length).map((n) => code.slice(0, n));
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const hasChildren = (r: Region | undefined) => !!r && r.level !== 'VILLAGE' && (r.childCount === undefined || r.childCount > 0);

export interface RegionTreeProps {
  selectedId?: string | null;
  onSelect: (region: Region) => void;
  /** the tree's top; the signed-in user's scope region by default */
  rootId?: string;
  autoFocusSearch?: boolean;
}

export const RegionTree = ({ selectedId, onSelect, rootId, autoFocusSearch }: RegionTreeProps) => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const dataProvider = useDataProvider();
  const root = rootId ?? getUser()?.regionId ?? '';
  const [nodes, setNodes] = useState<Map<string, Region>>(new Map());
  /** loaded children per node id; absent: not loaded; null: loading */
  const [children, setChildren] = useState<Map<string, string[] | null>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(new Set([root]));
  const [focused, setFocused] = useState<string>(root);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [found, setFound] = useState<{ q: string; matches: string[]; paths: Map<string, string[]>; more: boolean } | null>(null);
  const [searching, setSearching] = useState(false);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());
  const focusAfterRender = useRef(false);

  const remember = useCallback((regions: Region[]) => {
    setNodes((prev) => {
      const next = new Map(prev);
      for (const r of regions) next.set(r.id, { ...prev.get(r.id), ...r });
      return next;
    });
  }, []);

  // the root
  useEffect(() => {
    if (!root) return;
    let live = true;
    void dataProvider.getOne<Region>('regions', { id: root }).then(({ data }) => live && remember([data]));
    return () => {
      live = false;
    };
  }, [root, dataProvider, remember]);

  const loadChildren = useCallback(
    async (id: string) => {
      if (children.has(id)) return;
      setChildren((prev) => new Map(prev).set(id, null));
      try {
        const { data } = await dataProvider.getList<Region>('regions', {
          filter: { parentId: id },
          pagination: { page: 1, perPage: 1000 },
          sort: { field: 'code', order: 'ASC' },
        });
        remember(data);
        setChildren((prev) => new Map(prev).set(id, data.map((r) => r.id)));
      } catch {
        setChildren((prev) => {
          const next = new Map(prev);
          next.delete(id);
          return next;
        });
      }
    },
    [children, dataProvider, remember],
  );

  useEffect(() => {
    // the root's children, and the path down to the current choice, opened (once per root)
    if (!root) return;
    const path = selectedId && selectedId !== root && selectedId.startsWith(root) ? pathTo(selectedId, root) : [root];
    for (const id of path) void loadChildren(id);
    setExpanded(new Set(path));
    if (selectedId && selectedId.startsWith(root)) setFocused(selectedId);
  }, [root]); // loadChildren changes with every load; the choice is read when the tree opens

  // server-side search: the matches, then the regions on the path down to them, in one request
  useEffect(() => {
    if (!q) {
      setFound(null);
      return;
    }
    let live = true;
    setSearching(true);
    void (async () => {
      try {
        const { data: matches, total } = await dataProvider.getList<Region>('regions', {
          filter: { q },
          pagination: { page: 1, perPage: SEARCH_LIMIT },
          sort: { field: 'code', order: 'ASC' },
        });
        const above = [...new Set(matches.flatMap((m) => pathTo(m.id, root)))];
        const known = above.length ? (await dataProvider.getMany<Region>('regions', { ids: above })).data : [];
        if (!live) return;
        remember([...known, ...matches]);
        // the filtered tree: each shown node's shown children
        const paths = new Map<string, string[]>();
        for (const m of matches) {
          const chain = [...pathTo(m.id, root), m.id];
          for (let i = 1; i < chain.length; i++) {
            const list = paths.get(chain[i - 1]) ?? [];
            if (!list.includes(chain[i])) list.push(chain[i]);
            paths.set(chain[i - 1], list);
          }
        }
        for (const list of paths.values()) list.sort();
        setFound({ q, matches: matches.map((m) => m.id), paths, more: (total ?? 0) > matches.length });
        setExpanded(new Set(paths.keys()));
        setFocused(matches[0]?.id ?? root);
      } finally {
        if (live) setSearching(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [q, root, dataProvider, remember]);

  const matchSet = useMemo(() => new Set(found?.matches ?? []), [found]);
  const childrenOf = useCallback(
    (id: string): string[] | null | undefined => {
      // in a search, a node on a path shows the path; a match, once opened, its own children
      if (found && found.paths.has(id)) return found.paths.get(id);
      return children.get(id);
    },
    [found, children],
  );

  /** The visible items, in order, with their level and parent. */
  const visible = useMemo(() => {
    const out: Array<{ id: string; level: number; parent: string | null }> = [];
    const walk = (id: string, level: number, parent: string | null) => {
      out.push({ id, level, parent });
      if (!expanded.has(id)) return;
      for (const c of childrenOf(id) ?? []) walk(c, level + 1, id);
    };
    if (root) walk(root, 1, null);
    return out;
  }, [root, expanded, childrenOf]);

  useEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    itemRefs.current.get(focused)?.focus();
  }, [focused, visible]);

  const moveTo = (id: string | undefined) => {
    if (!id) return;
    focusAfterRender.current = true;
    setFocused(id);
  };
  const open = (id: string) => {
    setExpanded((prev) => new Set(prev).add(id));
    if (!childrenOf(id)) void loadChildren(id);
  };
  const close = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      next.delete(id);
      return next;
    });
  const toggle = (id: string) => (expanded.has(id) ? close(id) : open(id));

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, id: string) => {
    event.stopPropagation();
    const index = visible.findIndex((v) => v.id === id);
    const item = visible[index];
    const node = nodes.get(id);
    const kids = childrenOf(id);
    switch (event.key) {
      case 'ArrowDown':
        moveTo(visible[index + 1]?.id);
        break;
      case 'ArrowUp':
        moveTo(visible[index - 1]?.id);
        break;
      case 'Home':
        moveTo(visible[0]?.id);
        break;
      case 'End':
        moveTo(visible.at(-1)?.id);
        break;
      case 'ArrowRight':
        if (!hasChildren(node)) break;
        if (!expanded.has(id)) open(id);
        else moveTo(kids?.[0]);
        break;
      case 'ArrowLeft':
        if (expanded.has(id) && hasChildren(node)) close(id);
        else moveTo(item?.parent ?? undefined);
        break;
      case 'Enter':
      case ' ':
        if (node) onSelect(node);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const renderItem = (id: string, level: number, setSize: number, position: number) => {
    const node = nodes.get(id);
    const expandable = hasChildren(node);
    const isOpen = expandable && expanded.has(id);
    const kids = isOpen ? childrenOf(id) : undefined;
    const isMatch = matchSet.has(id);
    const label = node ? `${node.name}（${node.code}）` : id;
    return (
      <li
        key={id}
        role="treeitem"
        aria-level={level}
        aria-setsize={setSize}
        aria-posinset={position}
        aria-expanded={expandable ? isOpen : undefined}
        aria-selected={selectedId === id}
        tabIndex={focused === id ? 0 : -1}
        ref={(el) => {
          if (el) itemRefs.current.set(id, el);
          else itemRefs.current.delete(id);
        }}
        onKeyDown={(e) => onKeyDown(e, id)}
        onFocus={(e) => {
          if (e.target === e.currentTarget) setFocused(id);
        }}
        data-testid="region-tree-item"
        data-region-id={id}
        data-match={isMatch ? 'true' : undefined}
        style={{ listStyle: 'none', outline: 'none' }}
      >
        <Box
          sx={{
            display: 'flex',
            alignItems: 'center',
            gap: 0.5,
            pl: (level - 1) * 2,
            py: 0.25,
            borderRadius: 1,
            cursor: 'pointer',
            bgcolor: selectedId === id ? 'action.selected' : undefined,
            fontWeight: isMatch ? 700 : undefined,
            '&:hover': { bgcolor: 'action.hover' },
            'li:focus-visible > &': { outline: '2px solid', outlineColor: 'primary.main' },
          }}
          onClick={(e) => {
            e.stopPropagation();
            setFocused(id);
            if (node) onSelect(node);
          }}
        >
          <Box
            component="span"
            aria-hidden
            onClick={(e) => {
              e.stopPropagation();
              setFocused(id);
              if (expandable) toggle(id);
            }}
            sx={{ display: 'inline-flex', width: 24, justifyContent: 'center', visibility: expandable ? 'visible' : 'hidden' }}
            data-testid="region-tree-toggle"
          >
            {isOpen ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
          </Box>
          <span>{label}</span>
          {node ? (
            <Typography component="span" variant="caption" color="text.secondary">
              {enumLabel('regionLevel', node.level)}
            </Typography>
          ) : null}
        </Box>
        {isOpen ? (
          kids === null || kids === undefined ? (
            <Typography component="div" variant="caption" color="text.secondary" sx={{ pl: level * 2 + 3 }} role="status">
              {translate('app.scope.tree.loading')}
            </Typography>
          ) : kids.length === 0 ? (
            <Typography component="div" variant="caption" color="text.secondary" sx={{ pl: level * 2 + 3 }}>
              {translate('app.scope.tree.empty')}
            </Typography>
          ) : (
            <ul role="group" style={{ margin: 0, padding: 0 }}>
              {kids.map((c, i) => renderItem(c, level + 1, kids.length, i + 1))}
            </ul>
          )
        ) : null}
      </li>
    );
  };

  return (
    <Box data-testid="region-tree">
      <TextField
        size="small"
        fullWidth
        autoFocus={autoFocusSearch}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        label={translate('app.scope.tree.search')}
        name="regionTreeSearch"
        inputProps={{ 'data-testid': 'region-tree-search', maxLength: 50 }}
        InputProps={{
          endAdornment: (
            <InputAdornment position="end">{searching ? <CircularProgress size={16} aria-label={translate('app.scope.tree.searching')} /> : <SearchIcon fontSize="small" />}</InputAdornment>
          ),
        }}
        sx={{ mb: 1 }}
      />
      <Typography variant="caption" color="text.secondary" component="p" id="region-tree-help" sx={{ mb: 0.5 }}>
        {translate('app.scope.tree.help')}
      </Typography>
      {found && found.matches.length === 0 ? (
        <Typography variant="body2" color="text.secondary" role="status" data-testid="region-tree-no-match">
          {translate('app.scope.tree.noMatch')}
        </Typography>
      ) : (
        <>
          {found?.more ? (
            <Typography variant="caption" color="text.secondary" component="p" role="status" data-testid="region-tree-more">
              {translate('app.scope.tree.more', { count: SEARCH_LIMIT })}
            </Typography>
          ) : null}
          <Box sx={{ maxHeight: 360, overflowY: 'auto' }}>
            <ul role="tree" aria-label={translate('app.scope.tree.label')} aria-describedby="region-tree-help" style={{ margin: 0, padding: 0 }}>
              {root ? renderItem(root, 1, 1, 1) : null}
            </ul>
          </Box>
        </>
      )}
    </Box>
  );
};

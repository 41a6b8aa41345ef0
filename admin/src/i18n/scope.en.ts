/** Choices inside the user's scope and what is refused (`app.scope.*`): the region tree, a filter outside the scope, a return request in progress; key for key with `scope.zh.ts`. */
export const scopeEn = {
  tree: {
    open: 'Choose from the region tree',
    title: 'Choose a region',
    label: 'Region tree',
    search: 'Search regions (name or code)',
    searching: 'Searching…',
    noMatch: 'No region in your scope matches',
    more: 'Only the first %{count} matches are shown: type more to narrow them',
    empty: 'No regions below',
    loading: 'Loading the regions below…',
    choose: 'Select',
    clear: 'Clear the choice',
    selected: 'Selected: %{name}',
    help: 'Arrow keys move, Right expands, Left collapses, Enter selects',
  },
  list: {
    forbidden: 'No permission: the region filtered on is outside your scope (%{scope}); no records are shown.',
    error: 'The list could not be loaded: %{message}',
    clearFilters: 'Clear the filters',
  },
  pending: {
    title: 'Return-to-poverty request in progress',
    status: 'Status',
    step: 'Current step: %{step} (waiting for %{role}, due %{due})',
    between: 'Moving on to the next step',
    proposed: 'Proposed by %{who} on %{at}: %{reason}',
    openTask: 'Open the current task',
    openRequest: 'Open the request',
    blocked: 'A return-to-poverty request for this household is in progress: no new one until it is decided',
  },
};

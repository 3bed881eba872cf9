// Package verdict shows the checkers' verdict once a run is over — the
// overall validity, each checker's, the workload checker's report — and
// the operations it blames, the same whether the run was checked live or
// read from a stored results.json.
package verdict

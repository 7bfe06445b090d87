// Package arch holds no code: its tests keep the rules of the house
// (../../../shared/guide/architecture.md) true as the code grows.
//
//   - Dependencies point down: each package has a layer, and a package
//     imports only packages of lower layers.
//   - Only the front ends (ui, internal/cli and main) depend on Bubble Tea,
//     bubbles or lipgloss.
//   - Library packages do not speak CLI: no flag names in their errors.
package arch

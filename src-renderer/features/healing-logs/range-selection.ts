/** The checked logs of a table and the row a shift-click extends from. */
export interface CheckState {
  checked: ReadonlySet<string>;
  /** Index of the last row checked or unchecked without shift (null before any). */
  anchor: number | null;
}

/**
 * A click on a row's checkbox. Without shift it toggles that row and moves the anchor there. With
 * shift it gives every row from the anchor to the clicked one the clicked row's new state (the way
 * file managers and mail clients do); rows not loaded yet (`idAt` returns undefined) are left as
 * they are. The anchor stays, so successive shift-clicks reshape the range from the same start.
 */
export function checkClicked(state: CheckState, index: number, shift: boolean, idAt: (index: number) => string | undefined): CheckState {
  const id = idAt(index);
  if (id === undefined) return state;
  const checked = new Set(state.checked);
  const value = !checked.has(id);
  if (!shift || state.anchor === null) {
    if (value) checked.add(id);
    else checked.delete(id);
    return { checked, anchor: index };
  }
  const [start, end] = state.anchor <= index ? [state.anchor, index] : [index, state.anchor];
  for (let i = start; i <= end; i++) {
    const rowId = idAt(i);
    if (rowId === undefined) continue;
    if (value) checked.add(rowId);
    else checked.delete(rowId);
  }
  return { checked, anchor: state.anchor };
}

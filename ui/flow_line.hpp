#pragma once
// A row of buttons, check boxes or radio buttons that wraps instead of running past the pane's
// edge (the Graphs tab's "last 60 s" and "large view", the Lessons tab's "Glossary" were cut
// off in a narrow details pane).
namespace zabscope {

// Call between two items: stays on the line when the next item, `width` pixels wide, still
// fits there, else lets it start the next line.
void sameLineIfFits(float width);

float boxItemWidth(const char* label);  // a check box or radio button with its label
float buttonWidth(const char* label);

}  // namespace zabscope

// The engine's threads run below the GUI thread's priority, so that inference saturating
// every core (the CPU backend's threads spin between ops) never delays the event loop: the
// OS hands a waking GUI thread a core at once. Generation loses only the moments the GUI
// actually works.
#pragma once

namespace siliang::app {

// Lowers the calling thread's scheduling priority one step (Linux: nice + 5, inherited by
// the threads it creates afterwards, such as the CPU backend's pool; Windows: below normal;
// macOS: the utility QoS class). False when the OS refused or has no such notion.
bool lowerThisThreadPriority();

}  // namespace siliang::app

// Loket agent panel: keyboard shortcuts and live updates.
(function () {
  "use strict";
})();

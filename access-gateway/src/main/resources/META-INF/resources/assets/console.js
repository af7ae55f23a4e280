// The clerk console's only script (served from the gateway, allowed by its Content-Security-Policy):
// the view clears itself after its lifetime and when the page is left, the lookup's URL leaves no
// entry to go back to, and a waybill number is typed in capitals without spaces.
document.addEventListener('DOMContentLoaded', function () {
  var view = document.getElementById('view');
  if (view) {
    var clear = function () {
      if (view.isConnected) {
        view.remove();
        var cleared = document.getElementById('cleared');
        if (cleared) { cleared.hidden = false; }
      }
    };
    setTimeout(clear, (Number(view.dataset.clearSeconds) || 60) * 1000);
    window.addEventListener('pagehide', clear);
  }
  if (window.location.pathname !== '/console/' && window.history.replaceState) {
    window.history.replaceState(null, '', '/console/');
  }
  var number = document.getElementById('waybillNo');
  if (number) {
    number.addEventListener('input', function () {
      number.value = number.value.toUpperCase().replace(/\s+/g, '');
    });
  }
});

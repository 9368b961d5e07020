// Meeting mode: the arrow keys (and Page Up / Page Down) press Next and Previous; in Arabic the
// next screen is to the left.
(() => {
  const doc = window.parent.document;
  if (window.parent.melMeetingKeys) return;
  window.parent.melMeetingKeys = true;
  doc.addEventListener("keydown", (event) => {
    if (!doc.querySelector(".st-key-meeting_next")) return;
    if (event.target.closest && event.target.closest("input, textarea, [contenteditable], [role=combobox]")) return;
    const main = doc.querySelector('[data-testid="stMain"]');
    const rtl = main && getComputedStyle(main).direction === "rtl";
    const forward = { ArrowRight: !rtl, ArrowLeft: rtl, PageDown: true, PageUp: false }[event.key];
    if (forward === undefined) return;
    const button = doc.querySelector(`.st-key-meeting_${forward ? "next" : "previous"} button`);
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });
})();

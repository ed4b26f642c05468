// The branding page's preview follows the colour pickers before the form is saved.
document.addEventListener("DOMContentLoaded", () => {
  const preview = document.getElementById("branding-preview");
  const brand = document.getElementById("id_brand_colour");
  const accent = document.getElementById("id_accent_colour");
  if (!preview || !brand || !accent) return;
  const paint = () => {
    preview.style.borderTopColor = brand.value;
    preview.querySelector("[data-preview=brand]").style.backgroundColor = brand.value;
    preview.querySelector("[data-preview=accent]").style.color = accent.value;
  };
  brand.addEventListener("input", paint);
  accent.addEventListener("input", paint);
});

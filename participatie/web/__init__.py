"""The shared web layer: what several rooms use (form helpers, feedback at the form, charts,
i18n helpers). Rooms import this, services and models, never one another."""

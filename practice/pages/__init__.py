"""Read-only pages that combine domains: the case page and timeline, the dashboard, the
sessions overview and the portal home. The top layer: it imports domains, none imports it."""

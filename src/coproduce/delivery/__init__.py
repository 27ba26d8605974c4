"""Co-delivery: residents delivering services with professionals (volunteering first)."""

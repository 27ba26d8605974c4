"""The tamper-evident audit log (``coproduce.audit.chain``): write with ``audit_record``,
check with ``audit_verify`` or ``coproduce audit verify``."""

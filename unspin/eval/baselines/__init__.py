"""Systems unspin is compared with, run by the same harness on the same splits."""

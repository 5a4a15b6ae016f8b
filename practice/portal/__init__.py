"""The client portal: partners complete their worksheets at home, privately."""

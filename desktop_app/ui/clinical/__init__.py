"""Pages of the clinical path: plan, prescriptions, execution sheet, signatures at the bedside,
consent, assessments, discharge.
"""

"""The clinical path: plans, prescriptions, sessions and the execution sheet, bedside signing, consent,
assessments, leave, discharge, the worklist.
"""

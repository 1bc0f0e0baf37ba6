"""SCORM 1.2 and 2004 packages as lesson activities: validation, storage, the CMI API and completion rules."""

"""The inspection's own calendar and paperwork: timeline milestones, the .ics export, the information-request tracker and the blank templates the local area fills in."""

-- Every collectivity with its level, names and whether it can be a member.
SELECT code, level, name_fr, name_ar, can_be_member FROM collectivities

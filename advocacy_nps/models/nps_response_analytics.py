from odoo import api, models

from ..tools import nps_math


def _segment_period_key(item):
    (segment_value, period_value), _counts = item
    if isinstance(segment_value, models.BaseModel):
        segment_value = segment_value.display_name or ""
    return (str(segment_value or ""), period_value)


class AdvocacyNpsResponse(models.Model):
    """NPS figures: per period and segment with margin and significance, and overall."""

    _inherit = "advocacy.nps.response"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _nps_breakdown(self, domain=None, period="month", segment=None):
        """NPS per period (and segment) from the band counts, with its 95% margin of error and the
        significance of the change from the previous period of the same segment.

        `segment` is a groupable field of the response (user_id, team_id, industry_id, country_id,
        tag_ids, role, touchpoint, kind, channel). Returns a list of dicts ordered by segment, period.
        """
        groupby = [f"date:{period}"] + ([segment] if segment else []) + ["category"]
        groups = self._read_group(domain or [], groupby, ["__count"])
        counts = {}
        for group in groups:
            *keys, category, count = group
            period_value = keys[0]
            segment_value = keys[1] if segment else None
            key = (segment_value, period_value)
            entry = counts.setdefault(key, {"promoter": 0, "passive": 0, "detractor": 0})
            if category:
                entry[category] += count
        rows = []
        previous_by_segment = {}
        for (segment_value, period_value), entry in sorted(counts.items(), key=_segment_period_key):
            triple = (entry["promoter"], entry["passive"], entry["detractor"])
            previous = previous_by_segment.get(segment_value)
            change = nps_math.change_significance(triple, previous) if previous else None
            rows.append(
                {
                    "period": period_value,
                    "segment": segment_value,
                    **nps_math.band_counts(*triple),
                    "change": change and change["change"],
                    "significant": bool(change and change["significant"]),
                }
            )
            previous_by_segment[segment_value] = triple
        return rows

    @api.model
    def _nps_overall(self, domain=None):
        """(promoters, passives, detractors) over the domain, in one query."""
        groups = self._read_group(domain or [], ["category"], ["__count"])
        found = dict(groups)
        return found.get("promoter", 0), found.get("passive", 0), found.get("detractor", 0)

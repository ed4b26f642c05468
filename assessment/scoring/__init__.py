"""The scoring rules of PRODUCT.md sections 4 and 5, in pure Python.

No Django import anywhere in this package: the caller aggregates responses in SQL into sufficient
statistics (counts, sums, sums of squares), describes what is scored with a Framework built from
the instrument data, and gets frozen dataclasses back.
"""

from .assess import score_assessment as score_assessment
from .compare import COMPARE_DECIMALS as COMPARE_DECIMALS
from .compare import at_least as at_least
from .framework import GROUPS as GROUPS
from .framework import LEVELS as LEVELS
from .framework import MANAGEMENT as MANAGEMENT
from .framework import STAKEHOLDER_GROUPS as STAKEHOLDER_GROUPS
from .framework import Framework as Framework
from .inputs import GroupInput as GroupInput
from .inputs import SegmentInput as SegmentInput
from .outcome import AssessmentResult as AssessmentResult
from .outcome import DimensionResult as DimensionResult
from .outcome import GapResult as GapResult
from .outcome import GroupResult as GroupResult
from .outcome import LevelResult as LevelResult
from .outcome import RoadmapStep as RoadmapStep
from .outcome import SegmentResult as SegmentResult
from .outcome import SegmentSpread as SegmentSpread
from .respondent import ItemSpec as ItemSpec
from .respondent import item_score as item_score
from .respondent import respondent_dimension_scores as respondent_dimension_scores
from .settings import DEFAULT_ANONYMITY_THRESHOLD as DEFAULT_ANONYMITY_THRESHOLD
from .settings import DEFAULT_DIMENSION_FLOOR as DEFAULT_DIMENSION_FLOOR
from .settings import DEFAULT_LEVEL_THRESHOLD as DEFAULT_LEVEL_THRESHOLD
from .settings import DEFAULT_SETTINGS as DEFAULT_SETTINGS
from .settings import DEFAULT_WEIGHTS as DEFAULT_WEIGHTS
from .settings import MIN_ANONYMITY_THRESHOLD as MIN_ANONYMITY_THRESHOLD
from .settings import ScoringSettings as ScoringSettings
from .snapshot import result_from_data as result_from_data
from .snapshot import result_to_data as result_to_data
from .snapshot import settings_to_data as settings_to_data
from .statistics import AlphaStats as AlphaStats
from .statistics import DimensionStats as DimensionStats
from .statistics import means as means
from .statistics import t_quantile_975 as t_quantile_975
from .stepping import group_input_from_data as group_input_from_data
from .stepping import group_input_to_data as group_input_to_data
from .stepping import moves_on as moves_on

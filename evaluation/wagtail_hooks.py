from wagtail import hooks

from .admin_reaction import ReactionLearningViewSetGroup


@hooks.register("register_admin_viewset")
def register_reaction_learning_viewsets():
    return ReactionLearningViewSetGroup()

import factory

from tools.models import KnowYourRightsCard


class KnowYourRightsCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowYourRightsCard

    slug = factory.Sequence(lambda n: f"card-{n}")
    title_en = "Know your rights"
    rights_en = "You have the right to remain silent.\nYou have the right to speak to a lawyer."
    title_es = "Conozca sus derechos"
    rights_es = "Usted tiene derecho a guardar silencio.\nUsted tiene derecho a hablar con un abogado."
    title_vi = "Biết quyền của quý vị"
    rights_vi = "Quý vị có quyền giữ im lặng.\nQuý vị có quyền nói chuyện với luật sư."
    officer_statement = "I wish to remain silent. I wish to speak to a lawyer."
    is_published = True
